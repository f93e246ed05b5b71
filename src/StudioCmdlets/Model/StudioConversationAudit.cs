namespace StudioCmdlets.Model
{
    /// <summary>The audit of one account's conversation timers (Test-StudioConversationSetting -Summary).</summary>
    public sealed class StudioConversationAudit
    {
        /// <summary>The account (AC...).</summary>
        public string AccountSid { get; internal set; } = "";
        /// <summary>The account's default inactive timer; empty when unset. An inactive conversation still holds its contact.</summary>
        public TimeSpan? DefaultInactiveTimer { get; internal set; }
        /// <summary>The account's default closed timer; empty when unset (new conversations then never close by themselves).</summary>
        public TimeSpan? DefaultClosedTimer { get; internal set; }
        /// <summary>How long an orphan created from now on can hold its contact (the default closed timer); empty when for ever.</summary>
        public TimeSpan? OrphanHoldsFor { get; internal set; }
        /// <summary>True when an orphan created from now on holds its contact for ever.</summary>
        public bool IsUnbounded => OrphanHoldsFor is null;
        /// <summary>The conversations that are not closed (active or inactive): each holds a contact now.</summary>
        public int OpenConversations { get; internal set; }
        /// <summary>Of those, the ones with no close timer: each holds its contact until someone closes it.</summary>
        public int WithoutCloseTimer { get; internal set; }
        /// <summary>Of those, the ones whose close timer lets the contact go only after more than -MaxWait from now.</summary>
        public int CloseTimerBeyondMaxWait { get; internal set; }
        /// <summary>Findings of severity Error.</summary>
        public int Errors { get; internal set; }
        /// <summary>Findings of severity Warning.</summary>
        public int Warnings { get; internal set; }
        /// <summary>Every finding.</summary>
        public StudioList<StudioConversationFinding> Findings { get; internal set; } = StudioList<StudioConversationFinding>.Empty;
    }
}
