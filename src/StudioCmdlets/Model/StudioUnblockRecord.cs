namespace StudioCmdlets.Model
{
    /// <summary>One blocker of one contact, and what Unblock-StudioContact did with it.</summary>
    public sealed class StudioUnblockRecord
    {
        /// <summary>The contact it held.</summary>
        public string ContactAddress { get; internal set; } = "";
        /// <summary>The account.</summary>
        public string? AccountSid { get; internal set; }
        /// <summary>Execution or Conversation.</summary>
        public string Kind { get; internal set; } = "";
        /// <summary>Its SID.</summary>
        public string Sid { get; internal set; } = "";
        /// <summary>Its triage state.</summary>
        public string State { get; internal set; } = "";
        /// <summary>Where it sat: the flow and widget, or our number.</summary>
        public string? Where { get; internal set; }
        /// <summary>Ended, AlreadyEnded, Closed, AlreadyClosed, SkippedByWhatIf, Declined, Failed, NotAttempted, or LeftAlone (its state is not one asked for).</summary>
        public string Outcome { get; internal set; } = "";

        /// <inheritdoc />
        public override string ToString() => $"{ContactAddress}: {Kind} {Sid} {Outcome}";
    }
}
