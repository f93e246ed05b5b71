namespace StudioCmdlets.Commands
{
    /// <summary>What one piped item of Get-StudioStuckExecution asks to triage: some flows, or every flow (null), of an account.</summary>
    internal sealed class TriageScope
    {
        public TriageScope(string? subaccount, List<string>? flows)
        {
            Subaccount = subaccount;
            Flows = flows;
        }

        /// <summary>The subaccount, or null for the connection's own account.</summary>
        public string? Subaccount { get; }
        public List<string>? Flows { get; }
    }
}
