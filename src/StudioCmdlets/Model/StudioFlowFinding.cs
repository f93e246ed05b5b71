namespace StudioCmdlets.Model
{
    /// <summary>One problem Test-StudioFlow found in a flow definition: what happens to the customer, and the fix.</summary>
    public sealed class StudioFlowFinding
    {
        /// <summary>The flow (FW...), or empty for a file.</summary>
        public string? FlowSid { get; internal set; }
        /// <summary>The flow's name (or the file's).</summary>
        public string FlowName { get; internal set; } = "";
        /// <summary>The widget the finding is about.</summary>
        public string Widget { get; internal set; } = "";
        /// <summary>Its type (send-and-wait-for-reply, ...).</summary>
        public string WidgetType { get; internal set; } = "";
        /// <summary>LongWait, WaitInLoop, TimeoutIntoWait, NoConcurrentCalls, CallStatusWait, SubflowWait, or WorstCase (each flow's worst case).</summary>
        public string Rule { get; internal set; } = "";
        /// <summary>Info, Warning or Error.</summary>
        public string Severity => Level.ToString();
        /// <summary>The severity as a value, for counting and ordering.</summary>
        internal StudioFindingSeverity Level { get; set; }
        /// <summary>What happens to the customer.</summary>
        public string Detail { get; internal set; } = "";
        /// <summary>The fix.</summary>
        public string Recommendation { get; internal set; } = "";
        /// <summary>The file audited, when the definition came from -Path.</summary>
        public string? Path { get; internal set; }

        /// <summary>The finding as a line of a ticket: severity, rule, widget, what happens and the fix.</summary>
        public override string ToString() => $"{Severity} {Rule} at {Widget} ({WidgetType}): {Detail} Fix: {Recommendation}";
    }
}
