using System.Management.Automation;
using System;
using StudioCmdlets.Client;
using StudioCmdlets.Concurrency;
using StudioCmdlets.Errors;
using StudioCmdlets.Model;

namespace StudioCmdlets.Commands
{
    /// <summary>Remove-StudioExecution. Its help, the one source of its prose, is module/help/Remove-StudioExecution.md.</summary>
    [Cmdlet(VerbsCommon.Remove, "StudioExecution", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Remove-StudioExecution.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByInputObject)]
    [OutputType(typeof(void))]
    public sealed class RemoveStudioExecutionCommand : StudioCmdlet
    {
        private string _flowSid = "";
        private string _executionSid = "";

        private const string BySid = "BySid";
        private const string ByInputObject = "ByInputObject";
        private RequestPump<StudioExecution, bool>? _pump;
        private long _removed, _refused, _failed;

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByInputObject)]
        public StudioExecution? InputObject { get; set; }

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = BySid)]
        [ArgumentCompleter(typeof(FlowCompleter))]
        public string FlowSid { get => _flowSid; set => _flowSid = Sid.Clean(value) ?? ""; }

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = BySid)]
        [Alias("Sid")]
        public string ExecutionSid { get => _executionSid; set => _executionSid = Sid.Clean(value) ?? ""; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        internal override int Throttle => ThrottleLimit;

        [Parameter]
        public StudioAccount? Connection { get => ExplicitConnection; set => ExplicitConnection = value; }

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            ScopeGiven(true, nameof(Connection));
            _pump = Pump<StudioExecution, bool>(
                (e, _) => { _removed++; WriteVerbose($"Deleted {e.Describe()}."); },
                (e, error) => { _failed++; Report(error, "StudioExecution", $"deleting execution {e.Sid}", e.Sid); },
                () => { });
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var execution = ParameterSetName == ByInputObject ? InputObject : Fetch();
            if (execution is null) return;
            if (!InThisAccount(execution, "deleted")) { _failed++; return; }
            if (execution.IsActive && !Force)
            {
                _refused++;
                WriteError(StudioErrors.Record(new InvalidOperationException(
                        $"Execution {execution.Sid} is active (contact {execution.ContactAddress}): deleting it would drop a live conversation."),
                    ErrorIds.StudioExecutionActive, ErrorCategory.ResourceBusy, execution.Sid,
                    "End it first with Stop-StudioExecution, or add -Force to delete it anyway."));
                return;
            }
            if (!Approve($"{execution.Describe()}, {execution.Status}", "Delete Studio execution", Force)) return;
            var client = Client;
            Guarded(() => _pump!.Submit(execution, async _ => { await client.DeleteExecutionAsync(execution.FlowSid, execution.Sid).ConfigureAwait(false); return true; }));
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            Guarded(() => _pump!.Complete());
            WriteVerbose($"{_removed} deleted, {_refused} refused as active, {_failed} failed.");
        }

        private StudioExecution? Fetch()
        {
            if (!CheckSid(FlowSid, SidKind.Flow, nameof(FlowSid)) | !CheckSid(ExecutionSid, SidKind.Execution, nameof(ExecutionSid))) return null;
            StudioExecution? e = null;
            if (!TryRequest(() => e = Client.GetExecution(FlowSid, ExecutionSid), "StudioExecution", $"getting execution {ExecutionSid}", ExecutionSid)) return null;
            return e!.WithFlowName(Client.KnownFlowName(FlowSid));
        }
    }
}
