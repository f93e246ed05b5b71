namespace StudioCmdlets.Contract
{
    /// <summary>An execution as Twilio answers it (Studio v2's Execution resource), field by field.</summary>
    public sealed class ExecutionRecord
    {
        /// <summary>sid (FN...).</summary>
        public string Sid { get; init; } = "";
        /// <summary>flow_sid (FW...).</summary>
        public string FlowSid { get; init; } = "";
        /// <summary>account_sid.</summary>
        public string? AccountSid { get; init; }
        /// <summary>contact_channel_address.</summary>
        public string? ContactAddress { get; init; }
        /// <summary>contact_sid (FC...).</summary>
        public string? ContactSid { get; init; }
        /// <summary>status, Twilio's word: active or ended.</summary>
        public string Status { get; init; } = "";
        /// <summary>Whether Studio reports it active (the one reading of <see cref="Status"/>).</summary>
        public bool IsActive => string.Equals(Status, "active", StringComparison.OrdinalIgnoreCase);
        /// <summary>date_created (UTC).</summary>
        public DateTimeOffset DateCreated { get; init; }
        /// <summary>date_updated (UTC); date_created when the answer has none.</summary>
        public DateTimeOffset DateUpdated { get; init; }
        /// <summary>flow_version: the revision it runs.</summary>
        public int? FlowRevision { get; init; }
        /// <summary>initiated_by.</summary>
        public string? InitiatedBy { get; init; }
        /// <summary>url.</summary>
        public Uri? Url { get; init; }
    }
}
