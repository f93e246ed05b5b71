using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using StudioCmdlets.Client;
using StudioCmdlets.Concurrency;
using StudioCmdlets.Model;

namespace StudioCmdlets.Commands
{
    /// <summary>Get-StudioExecutionStep. Its help, the one source of its prose, is module/help/Get-StudioExecutionStep.md.</summary>
    [Cmdlet(VerbsCommon.Get, "StudioExecutionStep", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Get-StudioExecutionStep.md")]
    [OutputType(typeof(StudioExecutionStep))]
    public sealed class GetStudioExecutionStepCommand : StudioCmdlet
    {
        private string _flowSid = "";
        private string _executionSid = "";

        private RequestPump<string, IReadOnlyList<StudioExecutionStep>>? _pump;
        private ProgressReporter? _progress;
        private long _done;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(FlowCompleter))]
        public string FlowSid { get => _flowSid; set => _flowSid = Sid.Clean(value) ?? ""; }

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Sid")]
        public string ExecutionSid { get => _executionSid; set => _executionSid = Sid.Clean(value) ?? ""; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Last { get; set; }

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
            _progress = new ProgressReporter(this, "Getting execution steps");
            _pump = Pump<string, IReadOnlyList<StudioExecutionStep>>(
                (_, steps) => { _done++; WriteObject(Last > 0 && steps.Count > Last ? steps.Skip(steps.Count - Last) : steps, enumerateCollection: true); },
                (sid, error) => { _done++; Report(error, "StudioExecution", $"getting the steps of execution {sid}", sid); },
                () => _progress.Update(_done, null, $"{_done} executions, {_pump!.InFlight} in flight"));
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (!CheckSid(FlowSid, SidKind.Flow, nameof(FlowSid)) | !CheckSid(ExecutionSid, SidKind.Execution, nameof(ExecutionSid))) return;
            var (flow, execution) = (FlowSid, ExecutionSid);
            var client = Client;
            Guarded(() => _pump!.Submit(execution, _ => client.GetStepsAsync(flow, execution)));
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            try { Guarded(() => _pump!.Complete()); }
            finally { _progress!.Complete(); }
        }
    }
}
