namespace StudioCmdlets.Commands
{
    /// <summary>Get-StudioFlow. Its help, the one source of its prose, is module/help/Get-StudioFlow.md.</summary>
    [Cmdlet(VerbsCommon.Get, "StudioFlow", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Get-StudioFlow.md", DefaultParameterSetName = ByName)]
    [OutputType(typeof(StudioFlow))]
    public sealed class GetStudioFlowCommand : StudioCmdlet
    {
        private string[] _flowSids = Array.Empty<string>();

        private const string ByName = "ByName";
        private const string BySid = "BySid";

        [Parameter(Position = 0, ParameterSetName = ByName)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(FlowCompleter))]
        public string[]? Name { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = BySid, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(FlowCompleter))]
        public string[] FlowSid { get => _flowSids; set => _flowSids = Sid.Clean(value) ?? Array.Empty<string>(); }

        [Parameter]
        public SwitchParameter IncludeDefinition { get; set; }

        [Parameter]
        public StudioAccount? Connection { get => ExplicitConnection; set => ExplicitConnection = value; }

        /// <inheritdoc />
        protected override void BeginProcessing() => ScopeGiven(true, nameof(Name), nameof(FlowSid), nameof(Connection));

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (!ScopeGiven(false, nameof(Name), nameof(FlowSid))) return;
            if (ParameterSetName == BySid)
            {
                foreach (var sid in FlowSid)
                {
                    if (!CheckSid(sid, SidKind.Flow, nameof(FlowSid))) continue;
                    if (TryRequest(t => Client.FetchFlowAsync(sid, t), "StudioFlow", $"getting flow {sid}", sid, out var flow)) WriteObject(flow);
                }
                return;
            }

            new WildcardFlows(this, Name ?? Array.Empty<string>()).ForEach(flow =>
            {
                if (!IncludeDefinition) WriteObject(flow);
                else if (TryRequest(t => Client.FetchFlowAsync(flow.Sid, t), "StudioFlow", $"getting flow {flow.Sid}", flow.Sid, out var full)) WriteObject(full);
            });
        }
    }
}
