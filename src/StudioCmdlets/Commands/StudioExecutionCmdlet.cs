namespace StudioCmdlets.Commands
{
    /// <summary>
    /// The base of the bulk cmdlets that read one execution per piped item (Get-StudioExecutionStep,
    /// Get-StudioExecutionContext): -FlowSid and -ExecutionSid, bound from Get-StudioExecution's output or from rows
    /// that have those columns, and checked before any request.
    /// </summary>
    public abstract class StudioExecutionCmdlet : StudioBulkCmdlet
    {
        /// <summary>-FlowSid; described in each cmdlet's help (module/help).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(FlowCompleter))]
        [CleanSid]
        public string FlowSid { get; set; } = "";

        /// <summary>-ExecutionSid; described in each cmdlet's help (module/help).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Sid")]
        [CleanSid]
        public string ExecutionSid { get; set; } = "";

        /// <summary>-AccountSid; described in each cmdlet's help (module/help): the account the execution belongs to.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("account_sid")]
        [CleanSid]
        public string? AccountSid { get; set; }

        /// <summary>
        /// Both SIDs well formed, and the execution's account reachable (its requests then go there: <see cref="StudioCmdlet.Client"/>);
        /// otherwise an error for each wrong one, and false.
        /// </summary>
        internal bool SidsValid()
        {
            var account = AccountSid;
            AccountSid = null; // bound from one piped object, it must not stay for the next
            return CheckSid(FlowSid, SidKind.Flow, nameof(FlowSid)) & CheckSid(ExecutionSid, SidKind.Execution, nameof(ExecutionSid))
                && UseAccount(account, ExecutionSid, "read", "Execution");
        }
    }
}
