namespace StudioCmdlets.Errors
{
    /// <summary>A failed Studio request, with Twilio's HTTP status, error code and documentation link.</summary>
    public sealed class StudioRequestException : Exception
    {
        internal StudioRequestException(string message, Exception? inner, StudioFailure failure, int status, int code, string? moreInfo,
            string? conflictingExecutionSid = null) : base(message, inner)
        {
            Failure = failure;
            StatusCode = status;
            TwilioCode = code;
            MoreInfo = moreInfo;
            ConflictingExecutionSid = conflictingExecutionSid;
        }

        /// <summary>On a 409 for starting an execution: the execution that still holds the contact (Twilio's details.conflicting_execution_sid).</summary>
        public string? ConflictingExecutionSid { get; }

        /// <summary>What kind of failure it was.</summary>
        public StudioFailure Failure { get; }
        /// <summary>The HTTP status, or 0 when no answer came.</summary>
        public int StatusCode { get; }
        /// <summary>Twilio's error code (20404, 20429, ...), or 0.</summary>
        public int TwilioCode { get; }
        /// <summary>The account whose request failed (AC...).</summary>
        public string? AccountSid { get; internal set; }
        /// <summary>Twilio's documentation link for the error.</summary>
        public string? MoreInfo { get; }
    }
}
