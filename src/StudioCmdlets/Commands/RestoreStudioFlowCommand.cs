namespace StudioCmdlets.Commands
{
    /// <summary>Restore-StudioFlow. Its help, the one source of its prose, is module/help/Restore-StudioFlow.md.</summary>
    [Cmdlet(VerbsData.Restore, "StudioFlow", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Restore-StudioFlow.md",
        SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(StudioFlowRepair))]
    public sealed class RestoreStudioFlowCommand : StudioCmdlet
    {
        private readonly FlowWriter _writer;

        /// <summary>A cmdlet that writes flow revisions, through the one writer that does.</summary>
        public RestoreStudioFlowCommand() => _writer = new FlowWriter(this);

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(FlowCompleter))]
        [CleanSid]
        public string FlowSid { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("RevisionBefore")]
        [ValidateRange(1, int.MaxValue)]
        public int Revision { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("account_sid")]
        [CleanSid]
        public string? AccountSid { get; set; }

        [Parameter]
        public SwitchParameter Publish { get; set; }

        [Parameter]
        public string? CommitMessage { get; set; }

        /// <inheritdoc />
        protected override void BeginProcessing() => ScopeGiven(true, nameof(FlowSid), nameof(Connection));

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var account = AccountSid;
            AccountSid = null; // bound from one piped object, it must not stay for the next
            if (!ScopeGiven(false, nameof(FlowSid)) || !CheckSid(FlowSid, SidKind.Flow, nameof(FlowSid))) return;
            if (!UseAccount(account, FlowSid, "restored", "Flow")) return;
            var (client, sid, revision) = (Client, FlowSid, Revision);
            if (!TryRequest(t => client.FetchFlowAsync(sid, t), SidKind.Flow, $"reading flow {sid}", sid, out var flow)) return;
            string definition;
            try { definition = Guarded(() => client.GetRevisionDefinitionAsync(sid, revision, Cancellation).GetAwaiter().GetResult()); }
            catch (StudioRequestException ex) when (ex.StatusCode == 404)
            {
                WriteError(StudioErrors.Record(new ItemNotFoundException($"Flow '{flow.FriendlyName}' ({sid}) has no revision {revision}; its latest is {flow.Revision}.", ex),
                    ErrorIds.StudioFlowRevisionNotFound, ErrorCategory.ObjectNotFound, sid, "List its revisions in the Studio canvas (Revision history), or name one up to the latest."));
                return;
            }
            catch (StudioRequestException ex)
            {
                Report(ex, SidKind.Flow, $"reading revision {revision} of flow {sid}", sid);
                return;
            }
            var output = new StudioFlowRepair
            {
                FlowSid = sid, FlowName = flow.FriendlyName, RevisionBefore = flow.Revision, AccountSid = flow.AccountSid,
                // What a silent contact risks now, and with the definition brought back: the ticket's before and after.
                WorstCaseBefore = WorstCaseOf(flow.DefinitionText.Json, flow.FriendlyName),
                WorstCaseAfter = WorstCaseOf(definition, flow.FriendlyName),
            };
            // Twilio has no revert: the old definition is written again, as a new revision, draft unless -Publish.
            var action = Publish ? $"Publish revision {revision}'s definition as revision {flow.Revision + 1}" : $"Save revision {revision}'s definition as draft revision {flow.Revision + 1}";
            if (!Approve($"flow '{flow.FriendlyName}' ({sid}), now at revision {flow.Revision}", action, false))
            {
                _writer.NotApproved(output);
                return;
            }
            output.Reason = $"The definition of revision {revision}, written again.";
            _writer.WriteRevision(client, flow, output, Publish, definition, FlowWriter.RestoreMark + (CommitMessage ?? $"the definition of revision {revision}"), "restored",
                "Run the restore again: it restores onto the new revision, which stays in the flow's history.");
        }

        /// <summary>The longest a silent contact can be held by a definition (the audit's worst case); null when it cannot be read.</summary>
        private static TimeSpan? WorstCaseOf(string? definition, string flowName)
        {
            if (string.IsNullOrEmpty(definition)) return null;
            try { return Audit.FlowAuditor.Audit(Audit.FlowGraph.Parse(definition!), null, flowName, Audit.StudioCatalogue.DefaultMaxWait, null).WorstCaseBlocked; }
            catch (Exception ex) when (ex is FormatException || ex is System.Text.Json.JsonException) { return null; }
        }
    }
}
