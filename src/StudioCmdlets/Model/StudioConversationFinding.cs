namespace StudioCmdlets.Model
{
    /// <summary>
    /// One thing Test-StudioConversationSetting found in an account: how long an orphaned conversation can hold a
    /// contact, because of the account's default timers or the timers of the conversations that are not closed.
    /// </summary>
    public sealed class StudioConversationFinding
    {
        /// <summary>The account (AC...).</summary>
        public string AccountSid { get; internal set; } = "";
        /// <summary>DefaultClosedTimer (the account's defaults), NoCloseTimer or LongCloseTimer (conversations that exist).</summary>
        public string Rule { get; internal set; } = "";
        /// <summary>Info, Warning or Error, by how long a contact can be held against -MaxWait (Error from a day, or for ever).</summary>
        public string Severity => Level.ToString();
        /// <summary>The severity as a value, for counting and ordering.</summary>
        internal StudioFindingSeverity Level { get; set; }
        /// <summary>The longest a contact can be held; empty when for ever (nothing but a person closes it).</summary>
        public TimeSpan? HoldsFor { get; internal set; }
        /// <summary>True when a contact can be held for ever.</summary>
        public bool IsUnbounded => HoldsFor is null;
        /// <summary>The conversations the finding is about (CH...): none for the account's defaults.</summary>
        public StudioList<string> ConversationSids { get; internal set; } = StudioList<string>.Empty;
        /// <summary>How many conversations the finding is about.</summary>
        public int Conversations => ConversationSids.Count;
        /// <summary>What happens to the customer.</summary>
        public string Detail { get; internal set; } = "";
        /// <summary>The fix.</summary>
        public string Recommendation { get; internal set; } = "";

        /// <summary>The finding as a line of a ticket.</summary>
        public override string ToString() => $"{Severity} {Rule} in {AccountSid}: {Detail} Fix: {Recommendation}";
    }
}
