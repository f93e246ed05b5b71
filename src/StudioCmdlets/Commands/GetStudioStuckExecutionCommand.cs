namespace StudioCmdlets.Commands
{
    /// <summary>Get-StudioStuckExecution. Its help, the one source of its prose, is module/help/Get-StudioStuckExecution.md.</summary>
    [Cmdlet(VerbsCommon.Get, "StudioStuckExecution", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Get-StudioStuckExecution.md")]
    [OutputType(typeof(StudioStuckExecution))]
    public sealed class GetStudioStuckExecutionCommand : StudioBulkCmdlet
    {
        private readonly FlowRevisions _revisions = new FlowRevisions();
        private readonly HashSet<string> _flowsDone = new HashSet<string>(StringComparer.Ordinal);
        private RequestPump<StudioExecution, StudioStuckExecution>? _pump;
        private ContactFilter? _contacts;

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
        public TimeSpan CallTimeLimit { get; set; } = TriageLimits.DefaultCallTimeLimit;

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            ScopeGiven(true, nameof(FlowSid), nameof(ContactAddress), nameof(Connection));
            foreach (var (value, name, id) in new[] { (Threshold, nameof(Threshold), ErrorIds.InvalidThreshold), (LiveWindow, nameof(LiveWindow), ErrorIds.InvalidLiveWindow) })
            {
                if (value >= TimeSpan.Zero) continue;
                ThrowTerminatingError(StudioErrors.Record(new ArgumentException($"-{name} cannot be negative (got {value})."), id, ErrorCategory.InvalidArgument, value));
            }
            if (CallTimeLimit < TimeSpan.FromMinutes(1) || CallTimeLimit > TriageLimits.MaxCallTimeLimit)
                ThrowTerminatingError(StudioErrors.Record(
                    new ArgumentException($"-CallTimeLimit must be between 1 minute and 24 hours, the range Twilio allows for a call (got {CallTimeLimit})."),
                    ErrorIds.InvalidCallTimeLimit, ErrorCategory.InvalidArgument, CallTimeLimit));
            _contacts = ContactFilter.From(ContactAddress);
            _pump = StartPump<StudioExecution, StudioStuckExecution>("Triaging active Studio executions",
                (_, triaged) => WriteObject(triaged),
                (e, error) => Report(error, SidKind.Execution, $"triaging execution {e.Sid}", e.Sid),
                () => $"{Done} executions triaged, {InFlight} in flight");
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (!ScopeGiven(false, nameof(FlowSid))) return;
            var account = AccountSid;
            AccountSid = null; // bound from one piped object, it must not stay for the next
            if (!UseAccount(account, account ?? "", "triaged", "Subaccount")) return;
            IEnumerable<string> flows;
            if (FlowSid is null)
            {
                if (AllFlows() is not { } all) return;
                flows = all.Select(f => f.Sid);
            }
            else flows = FlowSid.Where(s => CheckSid(s, SidKind.Flow, nameof(FlowSid)));
            foreach (var flow in flows.Where(_flowsDone.Add).ToList())
            {
                if (ItemAccountRefused) return;
                Triage(flow);
            }
        }

        private void Triage(string flowSid)
        {
            var client = Client;
            var what = $"listing the active executions of flow {flowSid}";
            if (!TryRequest(t => client.FlowAsync(flowSid, t), SidKind.Flow, what, flowSid, out var flow)) return;
            var pages = new ExecutionPages(client, flowSid, StudioExecutionStatus.Active, null, null);
            while (TryRequest(pages.MoveNextAsync, SidKind.Flow, what, flowSid, out var more) && more)
            {
                // Studio filters by status; so does this, in case something in between did not.
                foreach (var e in pages.Current!.Items.Where(x => x.IsActive && _contacts!.Matches(x.ContactAddress)))
                {
                    e.FillFlowName(flow.FriendlyName);
                    Submit(_pump!, e, token => TriageAsync(client, e, token));
                }
            }
        }

        private async Task<StudioStuckExecution> TriageAsync(IStudioClient client, StudioExecution e, CancellationToken cancellation)
        {
            var steps = await client.GetStepsAsync(e.FlowSid, e.Sid, cancellation).ConfigureAwait(false);
            var graph = e.FlowRevision is int revision ? await _revisions.GraphAsync(client, e.FlowSid, revision, cancellation).ConfigureAwait(false) : null;
            return Audit.Triage.Classify(e, steps, graph, _revisions.HoldOf, DateTimeOffset.UtcNow, new TriageLimits(Threshold, LiveWindow, CallTimeLimit));
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            CompletePump();
            foreach (var warning in _contacts!.Unmatched("active execution")) WriteWarning(warning);
        }
    }
}
