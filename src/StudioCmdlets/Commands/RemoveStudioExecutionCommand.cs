namespace StudioCmdlets.Commands
{
    /// <summary>Remove-StudioExecution. Its help, the one source of its prose, is module/help/Remove-StudioExecution.md.</summary>
    [Cmdlet(VerbsCommon.Remove, "StudioExecution", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Remove-StudioExecution.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByInputObject)]
    [OutputType(typeof(void))]
    public sealed class RemoveStudioExecutionCommand : StudioBulkCmdlet
    {
        private const string BySid = "BySid";
        private const string ByInputObject = "ByInputObject";
        private RequestPump<StudioExecution, bool>? _pump;
        private long _removed, _refused, _failed;

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByInputObject)]
        public StudioExecution? InputObject { get; set; }

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = BySid)]
        [ArgumentCompleter(typeof(FlowCompleter))]
        [CleanSid]
        public string FlowSid { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = BySid)]
        [Alias("Sid")]
        [CleanSid]
        public string ExecutionSid { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = BySid)]
        [Alias("account_sid")]
        [CleanSid]
        public string? AccountSid { get; set; }

        [Parameter]
        public SwitchParameter IncludeActive { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            ScopeGiven(true, nameof(Connection));
            _pump = StartPump<StudioExecution, bool>("Deleting Studio executions",
                (e, _) => { _removed++; WriteVerbose($"Deleted {e.Describe()}."); },
                (e, error) => { _failed++; Report(error, SidKind.Execution, $"deleting execution {e.Sid}", e.Sid); },
                () => $"{_removed} deleted, {_failed} failed, {InFlight} in flight");
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var account = AccountSid;
            AccountSid = null; // bound from one row, it must not stay for the next
            if (ParameterSetName == BySid && !string.IsNullOrEmpty(account)
                && !InThisAccount(new StudioExecution { Sid = ExecutionSid, FlowSid = FlowSid, AccountSid = account }, "deleted")) { _failed++; return; }
            var execution = ParameterSetName == ByInputObject ? InputObject : Fetch();
            if (execution is null) return;
            if (!InThisAccount(execution, "deleted")) { _failed++; return; }
            // -Force only skips the confirmation; deleting a conversation that may be live takes its own word.
            if (execution.IsActive && !IncludeActive)
            {
                _refused++;
                WriteError(StudioErrors.Record(new InvalidOperationException(
                        $"Execution {execution.Sid} is active (contact {execution.ContactAddress}): deleting it would drop a live conversation and its context, irreversibly."),
                    ErrorIds.StudioExecutionActive, ErrorCategory.ResourceBusy, execution.Sid,
                    "End it first with Stop-StudioExecution (which can keep its context), or add -IncludeActive to delete active executions too."));
                return;
            }
            if (!Approve($"{execution.Describe()}, {execution.Status}", "Delete Studio execution", Force)) return;
            var client = Client;
            Submit(_pump!, execution, async token => { await client.DeleteExecutionAsync(execution.FlowSid, execution.Sid, token).ConfigureAwait(false); return true; });
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            CompletePump();
            WriteVerbose($"{_removed} deleted, {_refused} refused as active, {_failed} failed.");
        }

        private StudioExecution? Fetch()
        {
            if (!CheckSid(FlowSid, SidKind.Flow, nameof(FlowSid)) | !CheckSid(ExecutionSid, SidKind.Execution, nameof(ExecutionSid))) return null;
            var (client, flowSid, sid) = (Client, FlowSid, ExecutionSid);
            return TryRequest(t => client.GetExecutionAsync(flowSid, sid, t), SidKind.Execution, $"getting execution {sid}", sid, out var e) ? e : null;
        }
    }
}
