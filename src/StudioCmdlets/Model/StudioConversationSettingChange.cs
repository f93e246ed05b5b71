namespace StudioCmdlets.Model
{
    /// <summary>
    /// One of an account's Conversations defaults as Set-StudioConversationSetting found it and left it: Before is what
    /// to pass back to put it back.
    /// </summary>
    public sealed class StudioConversationSettingChange
    {
        /// <summary>The account (AC...).</summary>
        public string AccountSid { get; internal set; } = "";
        /// <summary>DefaultInactiveTimer or DefaultClosedTimer.</summary>
        public string Setting { get; internal set; } = "";
        /// <summary>The value before; empty when it was unset.</summary>
        public TimeSpan? Before { get; internal set; }
        /// <summary>The value asked for.</summary>
        public TimeSpan After { get; internal set; }
        /// <summary>Changed, Unchanged (it already had that value), SkippedByWhatIf, Declined or Failed.</summary>
        public string Outcome { get; internal set; } = "";

        /// <summary>The change as a line: setting, before, after, outcome.</summary>
        public override string ToString()
            => $"{Setting} {(Before is { } b ? Durations.Short(b) : "unset")} -> {Durations.Short(After)} ({Outcome})";
    }
}
