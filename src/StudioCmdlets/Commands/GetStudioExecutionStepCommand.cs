namespace StudioCmdlets.Commands
{
    /// <summary>Get-StudioExecutionStep. Its help, the one source of its prose, is module/help/Get-StudioExecutionStep.md.</summary>
    [Cmdlet(VerbsCommon.Get, "StudioExecutionStep", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Get-StudioExecutionStep.md")]
    [OutputType(typeof(StudioExecutionStep))]
    public sealed class GetStudioExecutionStepCommand : StudioExecutionCmdlet
    {
        private RequestPump<string, IReadOnlyList<StudioExecutionStep>>? _pump;
        private readonly FlowRevisions _revisions = new FlowRevisions();

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Last { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0, int.MaxValue)]
        public int FlowRevision { get; set; }

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            ScopeGiven(true, nameof(Connection));
            _pump = StartPump<string, IReadOnlyList<StudioExecutionStep>>("Getting execution steps",
                (_, steps) => WriteObject(Last > 0 && steps.Count > Last ? steps.Skip(steps.Count - Last) : steps, enumerateCollection: true),
                (sid, error) => Report(error, SidKind.Execution, $"getting the steps of execution {sid}", sid),
                () => $"{Done} executions, {InFlight} in flight");
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            // A property bound from one piped object stays bound for the next one that lacks it: read it, then clear it.
            var revision = FlowRevision > 0 ? FlowRevision : (int?)null;
            FlowRevision = 0;
            if (!SidsValid()) return;
            var (flow, execution) = (FlowSid, ExecutionSid);
            var client = Client;
            Submit(_pump!, execution, token => StepsAsync(client, flow, execution, revision, token));
        }

        /// <summary>
        /// The steps, with the type of the widget the latest one entered: Twilio gives each step the type of the widget
        /// it left, so that one comes from the definition of the revision the execution runs (read once per revision).
        /// </summary>
        private async Task<IReadOnlyList<StudioExecutionStep>> StepsAsync(StudioClient client, string flow, string execution, int? revision, CancellationToken token)
        {
            var steps = await client.GetStepsAsync(flow, execution, token).ConfigureAwait(false);
            var latest = steps.Count > 0 ? steps[steps.Count - 1] : null;
            if (latest?.TransitionedTo is not string widget || latest.WidgetType is not null || widget == "Ended") return steps;
            revision ??= (await client.GetExecutionAsync(flow, execution, token).ConfigureAwait(false)).FlowRevision;
            if (revision is not int r) return steps;
            var graph = await _revisions.GraphAsync(client, flow, r, token).ConfigureAwait(false);
            if (graph is not null && graph.Widgets.TryGetValue(widget, out var w)) latest.WidgetType = w.Type;
            return steps;
        }

        /// <inheritdoc />
        protected override void EndProcessing() => CompletePump();
    }
}
