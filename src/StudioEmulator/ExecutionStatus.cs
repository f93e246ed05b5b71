namespace StudioEmulator;

/// <summary>An execution's status: Twilio's <c>execution_enum_status</c> has exactly these two.</summary>
internal enum ExecutionStatus
{
    Active,
    Ended,
}

/// <summary>The status as Twilio writes it, and back.</summary>
internal static class ExecutionStatuses
{
    public static string Wire(this ExecutionStatus status) => status == ExecutionStatus.Active ? "active" : "ended";

    /// <summary>Twilio's spelling to the status; false for anything else (Twilio's enum is lowercase).</summary>
    public static bool TryParse(string? text, out ExecutionStatus status)
    {
        status = text == "ended" ? ExecutionStatus.Ended : ExecutionStatus.Active;
        return text is "active" or "ended";
    }
}
