namespace StudioEmulator;

/// <summary>An execution's status: Twilio's <c>execution_enum_status</c> has exactly these two (<see cref="TwilioEnums"/> spells them).</summary>
internal enum ExecutionStatus
{
    Active,
    Ended,
}
