using System.Management.Automation;
using StudioCmdlets.Client;
using StudioCmdlets.Concurrency;
using StudioCmdlets.Model;

namespace StudioCmdlets.Commands
{
    /// <summary>Get-StudioExecutionContext. Its help, the one source of its prose, is module/help/Get-StudioExecutionContext.md.</summary>
    [Cmdlet(VerbsCommon.Get, "StudioExecutionContext", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Get-StudioExecutionContext.md")]
    [OutputType(typeof(StudioExecutionContext))]
    public sealed class GetStudioExecutionContextCommand : StudioCmdlet
    {
        private string _flowSid = "";
        private string _executionSid = "";

        private RequestPump<string, StudioExecutionContext>? _pump;
        private ProgressReporter? _progress;
        private long _done;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(FlowCompleter))]
        public string FlowSid { get => _flowSid; set => _flowSid = Sid.Clean(value) ?? ""; }

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Sid")]
        public string ExecutionSid { get => _executionSid; set => _executionSid = Sid.Clean(value) ?? ""; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? StepSid { get; set; }

        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        internal override int Throttle => ThrottleLimit;

        [Parameter]
        public StudioAccount? Connection { get => ExplicitConnection; set => ExplicitConnection = value; }

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            ScopeGiven(true, nameof(StepSid), nameof(Connection));
            _progress = new ProgressReporter(this, "Getting execution contexts");
            _pump = Pump<string, StudioExecutionContext>(
                (_, context) => { _done++; WriteObject(context); },
                (sid, error) => { _done++; Report(error, sid.StartsWith("FT") ? "StudioExecutionStep" : "StudioExecution", $"getting the context of {sid}", sid); },
                () => _progress.Update(_done, null, $"{_done} contexts, {_pump!.InFlight} in flight"));
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (!ScopeGiven(false, nameof(StepSid))) return;
            if (!CheckSid(FlowSid, SidKind.Flow, nameof(FlowSid)) | !CheckSid(ExecutionSid, SidKind.Execution, nameof(ExecutionSid))) return;
            var (flow, execution, step, client) = (FlowSid, ExecutionSid, StepSid, Client);
            if (string.IsNullOrEmpty(step))
            {
                Guarded(() => _pump!.Submit(execution, _ => client.GetContextAsync(flow, execution)));
                return;
            }
            if (!CheckSid(step, SidKind.Step, nameof(StepSid))) return;
            Guarded(() => _pump!.Submit(step!, _ => client.GetStepContextAsync(flow, execution, step!)));
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            try { Guarded(() => _pump!.Complete()); }
            finally { _progress!.Complete(); }
        }
    }
}
