namespace StudioCmdlets.Commands
{
    /// <summary>Get-StudioExecutionContext. Its help, the one source of its prose, is module/help/Get-StudioExecutionContext.md.</summary>
    [Cmdlet(VerbsCommon.Get, "StudioExecutionContext", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Get-StudioExecutionContext.md")]
    [OutputType(typeof(StudioExecutionContext))]
    public sealed class GetStudioExecutionContextCommand : StudioExecutionCmdlet
    {
        private RequestPump<string, StudioExecutionContext>? _pump;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? StepSid { get; set; }

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            ScopeGiven(true, nameof(StepSid), nameof(Connection));
            _pump = StartPump<string, StudioExecutionContext>("Getting execution contexts",
                (_, context) => WriteObject(context),
                (sid, error) => Report(error, Sid.Kind(sid) == SidKind.Step ? SidKind.Step : SidKind.Execution, $"getting the context of {sid}", sid),
                () => $"{Done} contexts, {InFlight} in flight");
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (!ScopeGiven(false, nameof(StepSid))) return;
            if (!SidsValid()) return;
            var (flow, execution, step, client) = (FlowSid, ExecutionSid, StepSid, Client);
            if (string.IsNullOrEmpty(step))
            {
                Submit(_pump!, execution, token => client.GetContextAsync(flow, execution, null, token));
                return;
            }
            if (!CheckSid(step, SidKind.Step, nameof(StepSid))) return;
            Submit(_pump!, step!, token => client.GetContextAsync(flow, execution, step, token));
        }

        /// <inheritdoc />
        protected override void EndProcessing() => CompletePump();
    }
}
