namespace StudioCmdlets.Commands
{
    /// <summary>Get-StudioExecution. Its help, the one source of its prose, is module/help/Get-StudioExecution.md.</summary>
    [Cmdlet(VerbsCommon.Get, "StudioExecution", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Get-StudioExecution.md")]
    [OutputType(typeof(StudioExecution))]
    public sealed class GetStudioExecutionCommand : StudioThrottledCmdlet
    {
        private DateTimeOffset? _from, _to;
        private ContactFilter? _contacts;
        private OrderedLanes<StudioExecution>? _lanes;
        private long _listed;

        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(FlowCompleter))]
        [Alias("flow_sid")]
        [CleanSid]
        public string[]? FlowSid { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("execution_sid")]
        [CleanSid]
        public string[]? ExecutionSid { get; set; }

        // Whatever is piped, read for what it names (ReadPiped): Twilio's own shapes, or a SID as a plain string.
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        [Parameter]
        public StudioExecutionStatus Status { get; set; }

        [Parameter]
        public DateTime CreatedAfter { get; set; }

        [Parameter]
        public DateTime CreatedBefore { get; set; }

        [Parameter]
        [SupportsWildcards]
        public string[]? ContactAddress { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("account_sid")]
        [CleanSid]
        public string? AccountSid { get; set; }

        private bool Has(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);
        private StudioExecutionStatus? StatusFilter => Has(nameof(Status)) ? Status : (StudioExecutionStatus?)null;

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            ScopeGiven(true, nameof(FlowSid), nameof(ExecutionSid), nameof(ContactAddress), nameof(Connection));
            _from = Has(nameof(CreatedAfter)) ? new DateTimeOffset(AsKnownKind(CreatedAfter)) : (DateTimeOffset?)null;
            _to = Has(nameof(CreatedBefore)) ? new DateTimeOffset(AsKnownKind(CreatedBefore)) : (DateTimeOffset?)null;
            if (_from is not null && _to is not null && _from >= _to)
            {
                ThrowTerminatingError(StudioErrors.Record(new ArgumentException(
                    $"-CreatedAfter ({_from:u}) must be earlier than -CreatedBefore ({_to:u}).", nameof(CreatedAfter)),
                    ErrorIds.InvalidDateRange, ErrorCategory.InvalidArgument, CreatedAfter));
            }
            if (_from is not null && _from > DateTimeOffset.UtcNow)
            {
                ThrowTerminatingError(StudioErrors.Record(new ArgumentException(
                    $"-CreatedAfter ({_from:u}) is in the future, so no execution can match.", nameof(CreatedAfter)),
                    ErrorIds.CreatedAfterInFuture, ErrorCategory.InvalidArgument, CreatedAfter));
            }
            _contacts = ContactFilter.From(ContactAddress);
            // Flows are read in order; up to a throttle's worth of them are listed ahead, one page deep each.
            _lanes = new OrderedLanes<StudioExecution>(Throttle, 1, Cancellation);
            StartProgress("Listing Studio executions");
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            try { Guarded(() => _lanes!.Read(block: true, Output, FlowFailed)); }
            finally { Progress.Complete(); }
            var which = StatusFilter is StudioExecutionStatus s ? s.ToString().ToLowerInvariant() + " execution" : "execution";
            foreach (var warning in _contacts!.Unmatched(which)) WriteWarning(warning);
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (!ScopeGiven(false, nameof(FlowSid), nameof(ExecutionSid), nameof(ContactAddress))) return;
            var account = AccountSid;
            AccountSid = null; // bound from one piped object, it must not stay for the next
            if (!UseAccount(account, account ?? "", "listed", "Subaccount")) return;
            var flowSids = FlowSid;
            var executionSids = ExecutionSid;
            if (Has(nameof(InputObject)) && !ReadPiped(ref flowSids, ref executionSids, accountNamed: !string.IsNullOrEmpty(account))) return;
            var flows = Valid(flowSids, SidKind.Flow, nameof(FlowSid));
            var executions = Valid(executionSids, SidKind.Execution, nameof(ExecutionSid));
            if (flows?.Count == 0 || executions?.Count == 0) return; // every SID given was wrong: nothing to ask

            if (executions is not null)
            {
                foreach (var sid in executions) GetOne(flows, sid);
                return;
            }
            if (flows is not null)
            {
                foreach (var flow in flows) AddFlow(flow);
            }
            else
            {
                foreach (var flow in AllFlows() ?? Array.Empty<StudioFlow>()) AddFlow(flow.Sid);
            }
            // Stream whatever is ready while input keeps coming; the rest follows in EndProcessing.
            Guarded(() => _lanes!.Read(block: false, Output, FlowFailed));
        }

        /// <summary>
        /// What a piped object names when its properties did not bind by name: a 'sid' (or a plain string) that is
        /// a flow's or an execution's, or an account alone (a subaccount: all its flows). False, with an error, when it names none.
        /// </summary>
        private bool ReadPiped(ref string[]? flowSids, ref string[]? executionSids, bool accountNamed)
        {
            var piped = InputObject!;
            var sid = Sid.Clean(piped.BaseObject as string ?? piped.Properties["sid"]?.Value as string);
            switch (Sid.Kind(sid))
            {
                case SidKind.Flow when flowSids is null:
                    flowSids = new[] { sid! };
                    break;
                case SidKind.Execution when executionSids is null:
                    executionSids = new[] { sid! };
                    break;
            }
            // A piped subaccount names its account and nothing more: every flow of it.
            if (flowSids is not null || executionSids is not null || accountNamed) return true;
            // An Import-Csv row of a ';'-separated file: one column whose name holds the others.
            var properties = piped.Properties.ToList();
            var semicolons = properties.Count == 1 && properties[0].Name.IndexOf(';') > 0;
            WriteError(StudioErrors.Record(new ArgumentException(
                (semicolons ? "A row of one column whose name holds semicolons names no flow or execution: the file is separated by ';', not ','. " : "The piped object names no flow or execution: ") +
                "Get-StudioExecution takes objects with a FlowSid (or flow_sid) and, to get one " +
                "execution, an ExecutionSid (or Sid, execution_sid) property, flows whose 'sid' starts with FW, or SIDs as strings."),
                ErrorIds.InputNotRecognized, ErrorCategory.InvalidArgument, semicolons ? (object)properties[0].Name : piped,
                semicolons ? DelimiterFix : "Pipe Get-StudioFlow or Get-StudioExecution output, or rows with FlowSid and ExecutionSid columns."));
            if (semicolons) HintDelimiter();
            return false;
        }

        private void AddFlow(string flowSid)
        {
            var (client, status, from, to) = (Client, StatusFilter, _from, _to);
            _lanes!.Add(flowSid, async (lane, token) =>
            {
                var flow = await client.FlowAsync(flowSid, token).ConfigureAwait(false);
                await new ExecutionStream(client, flow, status, null).ProduceAsync(lane, from, to, token).ConfigureAwait(false);
            });
        }

        private void Output(List<StudioExecution> page)
        {
            foreach (var e in page)
            {
                // Studio filters by status, and so does this: a server or proxy that ignored the filter must not
                // let ended executions into -Status Active (or the reverse).
                if (StatusFilter is StudioExecutionStatus status && !e.Is(status)) continue;
                if (!_contacts!.Matches(e.ContactAddress)) continue;
                WriteObject(e);
            }
            _listed += page.Count;
            FlushTrace();
            Progress.Update(_listed, null, $"{_listed} executions listed");
        }

        private void FlowFailed(object flowSid, Exception error)
        {
            FlushTrace();
            Report(error, SidKind.Flow, $"listing executions of flow {flowSid}", flowSid);
        }

        /// <summary>One execution by SID: from the given flows, else searched across every flow.</summary>
        private void GetOne(List<string>? flows, string sid)
        {
            var client = Client;
            var inFlows = flows ?? (AllFlows() ?? Array.Empty<StudioFlow>()).Select(f => f.Sid).ToList();
            if (!TryRequest(t => ExecutionLookup.FindAsync(client, sid, inFlows, t), SidKind.Execution, $"getting execution {sid}", sid, out var found)) return;
            if (found is not null)
            {
                if (Matches(found)) WriteObject(found);
                return;
            }
            var where = flows is null ? "any flow of this account" : "flow " + string.Join(", ", flows);
            WriteError(StudioErrors.Record(new ItemNotFoundException($"Execution {sid} was not found in {where}."),
                ErrorIds.StudioExecutionNotFound, ErrorCategory.ObjectNotFound, sid, "Check the SID and the flow it belongs to."));
        }

        private bool Matches(StudioExecution e)
            => (StatusFilter is not StudioExecutionStatus wanted || e.Is(wanted))
               && (_from is null || e.DateCreated >= _from) && (_to is null || e.DateCreated < _to)
               && _contacts!.Matches(e.ContactAddress);

        private List<string>? Valid(string[]? sids, SidKind kind, string parameter)
            => sids?.Where(s => CheckSid(s, kind, parameter)).Distinct(StringComparer.Ordinal).ToList();

        // PowerShell's Get-Date gives local times; a bare date (Unspecified) is taken as local too, like Get-ChildItem does.
        private static DateTime AsKnownKind(DateTime d) => d.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(d, DateTimeKind.Local) : d;
    }
}
