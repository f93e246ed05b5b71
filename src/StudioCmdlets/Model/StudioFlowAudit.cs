namespace StudioCmdlets.Model
{
    /// <summary>The audit of one flow: its findings and the longest time a contact can stay blocked in it.</summary>
    public sealed class StudioFlowAudit
    {
        /// <summary>The flow (FW...), or empty for a file.</summary>
        public string? FlowSid { get; internal set; }
        /// <summary>The flow's name (or the file's).</summary>
        public string FlowName { get; internal set; } = "";
        /// <summary>
        /// The worst case: the longest chain of waits from the trigger, if the contact never answers. With a loop
        /// of waits, until Studio's own limits end the execution (the same widget 10 times in a row, 1,000 steps,
        /// or 30 days, whichever comes first); never more than 30 days.
        /// </summary>
        public TimeSpan? WorstCaseBlocked { get; internal set; }
        /// <summary>True when a loop can hold the contact until only Studio's own limits end the execution.</summary>
        public bool IsUnbounded { get; internal set; }
        /// <summary>The waits along the worst case, in order.</summary>
        public string WorstCasePath { get; internal set; } = "";
        /// <summary>Findings of severity Error.</summary>
        public int Errors { get; internal set; }
        /// <summary>Findings of severity Warning.</summary>
        public int Warnings { get; internal set; }
        /// <summary>
        /// The worst case as a finding of rule WorstCase (always Info: the findings that cause it carry the severity),
        /// which Test-StudioFlow writes after the flow's findings, so each flow's worst case is one object of its output.
        /// </summary>
        public StudioFlowFinding? WorstCase { get; internal set; }
        /// <summary>Every finding (the worst case is not one of them).</summary>
        public StudioList<StudioFlowFinding> Findings { get; internal set; } = StudioList<StudioFlowFinding>.Empty;
        /// <summary>The file audited, when the definition came from -Path.</summary>
        public string? Path { get; internal set; }
    }
}
