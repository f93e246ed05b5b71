namespace StudioEmulator;

/// <summary>A flow revision's status: Twilio's <c>flow_enum_status</c> has exactly these two (<see cref="TwilioEnums"/> spells them).</summary>
internal enum FlowStatus
{
    Draft,
    Published,
}
