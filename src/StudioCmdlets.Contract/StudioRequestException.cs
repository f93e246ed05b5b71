namespace StudioCmdlets.Contract
{
    /// <summary>
    /// A failed Twilio request, with Twilio's HTTP status, error code and documentation link, and the account it was
    /// made for. The engine throws it for every failure on the way (no Twilio type leaves the engine); the cmdlets turn
    /// it into an ErrorRecord.
    /// </summary>
    /// <param name="message">What failed, as the user reads it (never a secret).</param>
    /// <param name="inner">The failure underneath, if any.</param>
    /// <param name="failure">What kind of failure it was.</param>
    /// <param name="status">The HTTP status, or 0 when no answer came.</param>
    /// <param name="code">Twilio's error code, or 0.</param>
    /// <param name="moreInfo">Twilio's documentation link for the error.</param>
    /// <param name="conflictingExecutionSid">On a 409 for starting an execution, the execution that holds the contact.</param>
    /// <param name="accountSid">The account whose request failed.</param>
    public sealed class StudioRequestException(string message, Exception? inner, StudioFailure failure, int status, int code, string? moreInfo,
        string? conflictingExecutionSid = null, string? accountSid = null) : Exception(message, inner)
    {
        /// <summary>On a 409 for starting an execution: the execution that still holds the contact (Twilio's details.conflicting_execution_sid).</summary>
        public string? ConflictingExecutionSid { get; } = conflictingExecutionSid;

        /// <summary>What kind of failure it was.</summary>
        public StudioFailure Failure { get; } = failure;
        /// <summary>The HTTP status, or 0 when no answer came.</summary>
        public int StatusCode { get; } = status;
        /// <summary>Twilio's error code (20404, 20429, ...), or 0.</summary>
        public int TwilioCode { get; } = code;
        /// <summary>The account whose request failed (AC...).</summary>
        public string? AccountSid { get; } = accountSid;
        /// <summary>Twilio's documentation link for the error.</summary>
        public string? MoreInfo { get; } = moreInfo;
    }
}
