namespace StudioCmdlets.Commands
{
    /// <summary>Get-StudioExecutionStep. Its help, the one source of its prose, is module/help/Get-StudioExecutionStep.md.</summary>
    [Cmdlet(VerbsCommon.Get, "StudioExecutionStep", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Get-StudioExecutionStep.md")]
    [OutputType(typeof(StudioExecutionStep))]
    public sealed class GetStudioExecutionStepCommand : StudioExecutionCmdlet
    {
        private RequestPump<string, IReadOnlyList<StudioExecutionStep>>? _pump;

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Last { get; set; }

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            ScopeGiven(true, nameof(Connection));
            _pump = StartPump<string, IReadOnlyList<StudioExecutionStep>>("Getting execution steps",
                (_, steps) => WriteObject(Last > 0 && steps.Count > Last ? steps.Skip(steps.Count - Last) : steps, enumerateCollection: true),
                (sid, error) => Report(error, "StudioExecution", $"getting the steps of execution {sid}", sid),
                () => $"{Done} executions, {InFlight} in flight");
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (!SidsValid()) return;
            var (flow, execution) = (FlowSid, ExecutionSid);
            var client = Client;
            Submit(_pump!, execution, token => client.GetStepsAsync(flow, execution, token));
        }

        /// <inheritdoc />
        protected override void EndProcessing() => CompletePump();
    }
}
