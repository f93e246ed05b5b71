namespace StudioCmdlets.Model
{
    /// <summary>
    /// What Repair-StudioFlow (or Restore-StudioFlow) did with one flow or file: the revision before and after, the
    /// status, each change, the worst case a silent contact is blocked before and after, and the way back.
    /// </summary>
    public sealed class StudioFlowRepair
    {
        /// <summary>The flow (FW...), or empty for a file.</summary>
        public string? FlowSid { get; internal set; }
        /// <summary>The flow's name (or the file's).</summary>
        public string FlowName { get; internal set; } = "";
        /// <summary>Drafted, Published, Written (a file), Unchanged, SkippedByWhatIf, Declined or Refused: a word, in exports too.</summary>
        public string Status => Result.ToString();
        /// <summary>The same, typed.</summary>
        internal StudioFlowRepairStatus Result { get; set; }
        /// <summary>Why it was refused, or what was written.</summary>
        public string? Reason { get; internal set; }
        /// <summary>The revision the repair started from.</summary>
        public int? RevisionBefore { get; internal set; }
        /// <summary>The revision written (a new one: revisions are immutable).</summary>
        public int? RevisionAfter { get; internal set; }
        /// <summary>Each change, in the order made.</summary>
        public StudioList<StudioFlowChange> Changes { get; internal set; } = StudioList<StudioFlowChange>.Empty;
        /// <summary>The longest a contact who goes silent can be blocked, before the repair.</summary>
        public TimeSpan? WorstCaseBefore { get; internal set; }
        /// <summary>The same, in the repaired definition.</summary>
        public TimeSpan? WorstCaseAfter { get; internal set; }
        /// <summary>The command that brings the definition from before back, as a new revision.</summary>
        public string? RestoreCommand { get; internal set; }
        /// <summary>The file read, with -Path.</summary>
        public string? Path { get; internal set; }
        /// <summary>The file written, with -Path.</summary>
        public string? Destination { get; internal set; }
        /// <summary>The account the flow belongs to.</summary>
        public string? AccountSid { get; internal set; }
    }
}
