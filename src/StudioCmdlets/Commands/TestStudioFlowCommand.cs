using System.IO;

namespace StudioCmdlets.Commands
{
    /// <summary>Test-StudioFlow. Its help, the one source of its prose, is module/help/Test-StudioFlow.md.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "StudioFlow", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Test-StudioFlow.md", DefaultParameterSetName = ByFlow)]
    [OutputType(typeof(StudioFlowFinding), typeof(StudioFlowAudit))]
    public sealed class TestStudioFlowCommand : StudioCmdlet
    {
        private const string ByFlow = "ByFlow";
        private const string ByName = "ByName";
        private const string ByPath = "ByPath";

        [Parameter(Position = 0, ParameterSetName = ByFlow, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(FlowCompleter))]
        [CleanSid]
        public string[]? FlowSid { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ByName)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(FlowCompleter))]
        public string[] Name { get; set; } = Array.Empty<string>();

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("account_sid")]
        [CleanSid]
        public string? AccountSid { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ByPath, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [SupportsWildcards]
        public string[] Path { get; set; } = Array.Empty<string>();

        [Parameter]
        public TimeSpan MaxWait { get; set; } = StudioCatalogue.DefaultMaxWait;

        [Parameter]
        public SwitchParameter Summary { get; set; }

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            ScopeGiven(true, nameof(FlowSid), nameof(Connection));
            FlowInput.MaxWaitValid(this, MaxWait);
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (!ScopeGiven(false, nameof(FlowSid))) return;
            var account = AccountSid;
            AccountSid = null; // bound from one piped object, it must not stay for the next
            if (ParameterSetName != ByPath && !UseAccount(account, account ?? "", "audited", "Subaccount")) return;
            switch (ParameterSetName)
            {
                case ByPath:
                    foreach (var file in FlowInput.Files(this, Path)) AuditFile(file);
                    break;
                case ByName:
                    foreach (var flow in new WildcardFlows(this, Name).Matches()) AuditFlow(flow.Sid);
                    break;
                default:
                    if (FlowSid is null)
                    {
                        if (AllFlows() is not { } all) return;
                        foreach (var flow in all) AuditFlow(flow.Sid);
                        return;
                    }
                    foreach (var sid in FlowSid)
                        if (CheckSid(sid, SidKind.Flow, nameof(FlowSid))) AuditFlow(sid);
                    break;
            }
        }

        private void AuditFlow(string sid)
        {
            if (!TryRequest(t => Client.FetchFlowAsync(sid, t), SidKind.Flow, $"getting flow {sid}", sid, out var flow)) return;
            if (flow.Status != "published")
                WriteWarning($"{flow.FriendlyName} ({sid}) is a draft: auditing its latest definition, which is not what contacts run.");
            Emit(flow.DefinitionText.Json, flow.Sid, flow.FriendlyName, null, sid);
        }

        private void AuditFile(string file)
        {
            string json;
            try { json = File.ReadAllText(file); }
            catch (IOException ex)
            {
                WriteError(StudioErrors.Record(ex, ErrorIds.FlowFileUnreadable, ErrorCategory.ReadError, file));
                return;
            }
            Emit(json, null, System.IO.Path.GetFileNameWithoutExtension(file), file, file);
        }

        private void Emit(string? json, string? sid, string name, string? path, object target)
        {
            FlowGraph graph;
            try
            {
                graph = FlowGraph.Parse(json ?? "");
            }
            catch (Exception ex) when (ex is FormatException || ex is System.Text.Json.JsonException)
            {
                WriteError(FlowInput.NotAFlowDefinition(name, ex, target));
                return;
            }
            var audit = FlowAuditor.Audit(graph, sid, name, MaxWait, path);
            if (Summary) WriteObject(audit);
            else
            {
                WriteObject(audit.Findings, enumerateCollection: true);
                if (audit.WorstCase is not null) WriteObject(audit.WorstCase);
            }
        }
    }
}
