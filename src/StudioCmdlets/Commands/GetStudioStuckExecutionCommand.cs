namespace StudioCmdlets.Commands
{
    /// <summary>Get-StudioStuckExecution. Its help, the one source of its prose, is module/help/Get-StudioStuckExecution.md.</summary>
    [Cmdlet(VerbsCommon.Get, "StudioStuckExecution", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Get-StudioStuckExecution.md")]
    [OutputType(typeof(StudioStuckExecution))]
    public sealed class GetStudioStuckExecutionCommand : StudioBulkCmdlet
    {
        private readonly FlowRevisions _revisions = new FlowRevisions();
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _flowsDone =
            new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        private readonly HashSet<string> _accountsDone = new HashSet<string>(StringComparer.Ordinal);
        private RequestPump<TriageScope, TriageBatch>? _pump;
        private ContactFilter? _contacts;
        private long _triaged;

        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(FlowCompleter))]
        [Alias("flow_sid")]
        [CleanSid]
        public string[]? FlowSid { get; set; }

        [Parameter]
        [SupportsWildcards]
        public string[]? ContactAddress { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("account_sid")]
        [CleanSid]
        public string? AccountSid { get; set; }

        [Parameter]
        public TimeSpan Threshold { get; set; } = TimeSpan.FromHours(1);

        [Parameter]
        public TimeSpan LiveWindow { get; set; } = TimeSpan.FromMinutes(10);

        [Parameter]
        public TimeSpan CallTimeLimit { get; set; } = StudioCatalogue.DefaultCallTimeLimit;

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            ScopeGiven(true, nameof(FlowSid), nameof(ContactAddress), nameof(Connection));
            NotNegative((Threshold, nameof(Threshold), ErrorIds.InvalidThreshold), (LiveWindow, nameof(LiveWindow), ErrorIds.InvalidLiveWindow));
            if (CallTimeLimit < TimeSpan.FromMinutes(1) || CallTimeLimit > StudioCatalogue.MaxCallTimeLimit)
                ThrowTerminatingError(StudioErrors.Record(
                    new ArgumentException($"-CallTimeLimit must be between 1 minute and 24 hours, the range Twilio allows for a call (got {CallTimeLimit})."),
                    ErrorIds.InvalidCallTimeLimit, ErrorCategory.InvalidArgument, CallTimeLimit));
            _contacts = ContactFilter.From(ContactAddress);
            _pump = StartPump<TriageScope, TriageBatch>("Triaging active Studio executions", Triaged, ScopeFailed,
                () => $"{_triaged} executions triaged, {InFlight} flows or accounts in flight", WriteReady);
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (!ScopeGiven(false, nameof(FlowSid))) return;
            var account = AccountSid;
            AccountSid = null; // bound from one piped object, it must not stay for the next
            if (!AccountReachable(account, account ?? "", "triaged", "Subaccount", out var subaccount)) return;
            List<string>? flows = null;
            if (FlowSid is not null)
            {
                flows = FlowSid.Where(s => CheckSid(s, SidKind.Flow, nameof(FlowSid)) && _flowsDone.TryAdd(s, true)).ToList();
                if (flows.Count == 0) return;
            }
            else if (!_accountsDone.Add(subaccount ?? "")) return; // every flow of that account is already being triaged
            // A scope (some flows, or every flow of an account) is listed and triaged off the pipeline thread, many at once:
            // a fleet's accounts are swept side by side, each within its own limit.
            var scope = new TriageScope(subaccount, flows);
            Submit(_pump!, scope, token => TriageScopeAsync(scope, token));
        }

        private async Task<TriageBatch> TriageScopeAsync(TriageScope scope, CancellationToken cancellation)
        {
            var client = await ClientOfAsync(scope.Subaccount, cancellation).ConfigureAwait(false);
            var flows = scope.Flows;
            if (flows is null)
            {
                var all = await client.ListFlowsAsync(cancellation).ConfigureAwait(false);
                flows = all.Select(f => f.Sid).Where(s => _flowsDone.TryAdd(s, true)).ToList();
            }
            var batch = new TriageBatch();
            await Task.WhenAll(flows.Select(f => TriageFlowAsync(client, f, batch, cancellation))).ConfigureAwait(false);
            return batch;
        }

        private async Task TriageFlowAsync(StudioClient client, string flowSid, TriageBatch batch, CancellationToken cancellation)
        {
            var triage = new List<Task>();
            try
            {
                var flow = await client.FlowAsync(flowSid, cancellation).ConfigureAwait(false);
                var pages = new ExecutionPages(client, flowSid, StudioExecutionStatus.Active, null, null);
                while (await pages.MoveNextAsync(cancellation).ConfigureAwait(false))
                {
                    // Studio filters by status; so does this, in case something in between did not.
                    foreach (var e in pages.Current!.Items.Where(x => x.IsActive && _contacts!.Matches(x.ContactAddress)))
                    {
                        e.FillFlowName(flow.FriendlyName);
                        triage.Add(TriageOneAsync(client, e, batch, cancellation));
                    }
                }
            }
            catch (Exception ex) when (!cancellation.IsCancellationRequested)
            {
                batch.Fail(flowSid, SidKind.Flow, $"listing the active executions of flow {flowSid}", ex);
            }
            await Task.WhenAll(triage).ConfigureAwait(false);
        }

        private async Task TriageOneAsync(StudioClient client, StudioExecution e, TriageBatch batch, CancellationToken cancellation)
        {
            try
            {
                // The revision's definition is asked for beside the steps, not after them: read once per revision, it is
                // then there when the first steps come back, rather than queued behind every execution's steps.
                var definition = e.FlowRevision is int revision ? _revisions.GraphAsync(client, e.FlowSid, revision, cancellation) : Task.FromResult<FlowGraph?>(null);
                var steps = await client.GetStepsAsync(e.FlowSid, e.Sid, cancellation).ConfigureAwait(false);
                var graph = await definition.ConfigureAwait(false);
                // Streamed: each execution goes down the pipeline as soon as it is classified, so the next command (ending
                // the stranded) works beside the triage of the rest rather than after a whole account's.
                _ready.Enqueue(Audit.Triage.Classify(e, steps, graph, _revisions.HoldOf, DateTimeOffset.UtcNow, new TriageLimits(Threshold, LiveWindow, CallTimeLimit)));
                _pump?.Wake();
            }
            catch (Exception ex) when (!cancellation.IsCancellationRequested)
            {
                batch.Fail(e.Sid, SidKind.Execution, $"triaging execution {e.Sid}", ex);
            }
        }

        private readonly System.Collections.Concurrent.ConcurrentQueue<StudioStuckExecution> _ready = new System.Collections.Concurrent.ConcurrentQueue<StudioStuckExecution>();

        /// <summary>On the pipeline thread: every execution classified so far, in the order classified.</summary>
        private void WriteReady()
        {
            while (_ready.TryDequeue(out var triaged))
            {
                _triaged++;
                WriteObject(triaged);
            }
        }

        /// <summary>On the pipeline thread: a scope is done; what is left of its executions, then the failures of its parts.</summary>
        private void Triaged(TriageScope scope, TriageBatch batch)
        {
            WriteReady();
            foreach (var (target, kind, action, error) in batch.Failures) Report(error, kind, action, target);
        }

        private void ScopeFailed(TriageScope scope, Exception error)
        {
            if (scope.Flows is { } flows) Report(error, SidKind.Flow, $"listing the active executions of flow {string.Join(", ", flows)}", flows[0]);
            else Report(error, SidKind.Account, $"listing the flows of {(scope.Subaccount is null ? "the account" : "subaccount " + scope.Subaccount)}",
                scope.Subaccount ?? ActiveConnection.AccountSid);
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            CompletePump();
            WriteReady();
            foreach (var warning in _contacts!.Unmatched("active execution")) WriteWarning(warning);
        }
    }
}
