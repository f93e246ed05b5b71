namespace StudioCmdlets.Contract
{
    /// <summary>A flow as Twilio answers it (Studio v2's Flow resource), field by field.</summary>
    public sealed class FlowRecord
    {
        /// <summary>sid (FW...).</summary>
        public string Sid { get; init; } = "";
        /// <summary>friendly_name.</summary>
        public string FriendlyName { get; init; } = "";
        /// <summary>status, Twilio's word: draft or published.</summary>
        public string Status { get; init; } = "";
        /// <summary>revision.</summary>
        public int Revision { get; init; }
        /// <summary>valid, when the answer has it.</summary>
        public bool? Valid { get; init; }
        /// <summary>commit_message.</summary>
        public string? CommitMessage { get; init; }
        /// <summary>date_created (UTC).</summary>
        public DateTimeOffset? DateCreated { get; init; }
        /// <summary>date_updated (UTC).</summary>
        public DateTimeOffset? DateUpdated { get; init; }
        /// <summary>definition, as Studio's JSON text; null when the answer has none (a listing).</summary>
        public string? Definition { get; init; }
        /// <summary>account_sid.</summary>
        public string? AccountSid { get; init; }
        /// <summary>url.</summary>
        public Uri? Url { get; init; }
    }
}
