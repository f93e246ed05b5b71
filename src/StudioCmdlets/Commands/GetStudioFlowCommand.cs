namespace StudioCmdlets.Commands
{
    /// <summary>Get-StudioFlow. Its help, the one source of its prose, is module/help/Get-StudioFlow.md.</summary>
    [Cmdlet(VerbsCommon.Get, "StudioFlow", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Get-StudioFlow.md", DefaultParameterSetName = ByName)]
    [OutputType(typeof(StudioFlow))]
    public sealed class GetStudioFlowCommand : StudioCmdlet
    {
        private const string ByName = "ByName";
        private const string BySid = "BySid";

        [Parameter(Position = 0, ParameterSetName = ByName)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(FlowCompleter))]
        public string[]? Name { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = BySid, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(FlowCompleter))]
        [CleanSid]
        public string[] FlowSid { get; set; } = Array.Empty<string>();

        [Parameter]
        public SwitchParameter IncludeDefinition { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("account_sid")]
        [CleanSid]
        public string? AccountSid { get; set; }

        /// <inheritdoc />
        protected override void BeginProcessing() => ScopeGiven(true, nameof(Name), nameof(FlowSid), nameof(Connection));

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (!ScopeGiven(false, nameof(Name), nameof(FlowSid))) return;
            var account = AccountSid;
            AccountSid = null; // bound from one piped object, it must not stay for the next
            if (!UseAccount(account, account ?? "", "listed", "Subaccount")) return;
            if (ParameterSetName == BySid)
            {
                foreach (var sid in FlowSid)
                {
                    if (!CheckSid(sid, SidKind.Flow, nameof(FlowSid))) continue;
                    if (TryRequest(t => Client.FetchFlowAsync(sid, t), SidKind.Flow, $"getting flow {sid}", sid, out var flow)) WriteObject(flow);
                }
                return;
            }

            new WildcardFlows(this, Name ?? Array.Empty<string>()).ForEach(flow =>
            {
                if (!IncludeDefinition) WriteObject(flow);
                else if (TryRequest(t => Client.FetchFlowAsync(flow.Sid, t), SidKind.Flow, $"getting flow {flow.Sid}", flow.Sid, out var full)) WriteObject(full);
            });
        }
    }
}
