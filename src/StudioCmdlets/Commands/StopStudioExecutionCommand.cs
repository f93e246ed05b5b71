namespace StudioCmdlets.Commands
{
    /// <summary>Stop-StudioExecution. Its help, the one source of its prose, is module/help/Stop-StudioExecution.md.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "StudioExecution", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Stop-StudioExecution.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByInputObject)]
    [OutputType(typeof(StudioExecution), typeof(StudioStopSummary))]
    public sealed partial class StopStudioExecutionCommand : StudioBulkCmdlet
    {
        private const string BySid = "BySid";
        private const string ByInputObject = "ByInputObject";

        private RequestPump<StopRequest, EndOutcome>? _pump;
        private StopLedger? _ledger;
        private string? _contextDirectory;
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        /// <summary>This run's id, in every journal line.</summary>
        private readonly string _runId = Guid.NewGuid().ToString("N");
        // Connection failures are held back until an answer shows Twilio is there (then each is reported), or
        // enough pile up to show it is not (then one error stands for them all).
        private readonly List<(StopRequest Item, Exception Error)> _unreachable = new List<(StopRequest, Exception)>();
        private bool _draining;

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByInputObject)]
        public StudioExecution? InputObject { get; set; }

        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = BySid)]
        [ArgumentCompleter(typeof(FlowCompleter))]
        [Alias("flow_sid")]
        [CleanSid]
        public string? FlowSid { get; set; }

        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = BySid)]
        [Alias("Sid", "execution_sid")]
        [CleanSid]
        public string? ExecutionSid { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = BySid)]
        public string? Widget { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = BySid)]
        [Alias("contact")]
        public string? ContactAddress { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = BySid)]
        public string? FlowName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = BySid)]
        [Alias("date_created")]
        public string? DateCreated { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = BySid)]
        [Alias("account_sid")]
        [CleanSid]
        public string? AccountSid { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        [Parameter]
        public string? JournalPath { get; set; }

        [Parameter]
        public string? ContextPath { get; set; }

        [Parameter]
        public SwitchParameter Summary { get; set; }

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            ScopeGiven(true, nameof(FlowSid), nameof(Connection));
            SafetyOptionGiven(nameof(JournalPath), ErrorIds.EmptyJournalPath, "there is no journal");
            SafetyOptionGiven(nameof(ContextPath), ErrorIds.EmptyContextPath, "there is no context backup");
            _haltOnFailure = ErrorActionIsStop();
            _pump = StartPump<StopRequest, EndOutcome>("Ending Studio executions", Ended, Failed, () =>
                $"{_ledger![StudioStopOutcome.Ended]} ended, {_ledger[StudioStopOutcome.AlreadyEnded]} already ended, {_ledger[StudioStopOutcome.Failed]} failed, {InFlight} in flight");
            StopJournal? journal = null;
            if (!WhatIfInEffect) // a rehearsal writes nothing, not even locally
            {
                _contextDirectory = OpenContextFolder();
                journal = OpenJournal();
            }
            _ledger = new StopLedger(journal);
            if (journal is not null) Reconcile(journal);
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            // A property bound from one piped object stays bound for the next one that lacks it: read it, then clear it.
            var widget = string.IsNullOrWhiteSpace(Widget) ? null : Widget!.Trim();
            var account = AccountSid;
            var known = (Contact: Blank(ContactAddress), FlowName: Blank(FlowName));
            // When it started, if the input says so in a form that reads the same everywhere (ISO 8601, a DateTime);
            // anything else is left out rather than guessed: it only names the age in the confirmation and the journal.
            DateTimeOffset? started = DateTimeOffset.TryParse(Blank(DateCreated), System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var d) ? d : null;
            DateCreated = null;
            Widget = null;
            AccountSid = null;
            ContactAddress = null;
            FlowName = null;
            if (ParameterSetName == BySid && !ScopeGiven(false, nameof(FlowSid), nameof(ExecutionSid))) return;
            var execution = ParameterSetName == ByInputObject ? InputObject! : FromSids(string.IsNullOrEmpty(account) ? null : account, known.Contact, known.FlowName, started);
            if (execution is null) return;
            _ledger!.Saw(execution.AccountSid);
            if (!_seen.Add(execution.Sid))
            {
                _ledger!.Duplicates++;
                WriteVerbose($"{execution.Sid} was given again; it is handled once in this run.");
                return;
            }
            if (!InThisAccount(execution, "ended"))
            {
                _ledger!.Record(execution, StudioStopOutcome.Failed, detail: "another account");
                return;
            }
            if (!execution.IsActive)
            {
                WriteVerbose($"Already ended, nothing to do: {execution.Describe()}.");
                _ledger!.Record(execution, StudioStopOutcome.AlreadyEnded);
                if (PassThru) WriteObject(execution.WithOutcome(StudioStopOutcome.AlreadyEnded));
                return;
            }
            if (!Approve(execution.Describe(), "End Studio execution", Force))
            {
                _ledger!.Record(execution, WhatIfInEffect ? StudioStopOutcome.SkippedByWhatIf : StudioStopOutcome.Declined);
                return;
            }
            // The end request's answer is the execution as ended (contact, age): the record needs no read before it.
            // Only to keep its context is the execution read first, and only to journal the widget of an input that
            // does not know it (Get-StudioExecution's output) are its steps read.
            var ledger = _ledger!;
            var pending = new StopRequest(execution, verify: _contextDirectory is not null, readWidget: ledger.JournalPath is not null, _contextDirectory, widget, ledger.Attempt);
            var client = Client;
            Submit(_pump!, pending, async token =>
            {
                try { return await pending.RunAsync(client, token).ConfigureAwait(false); }
                catch (Exception ex) when (_haltOnFailure && StopsTheRun(ex))
                {
                    // Under -ErrorAction Stop this failure ends the run: nothing more goes on the wire from this moment,
                    // not from when the pipeline thread gets to it (on a busy machine, many requests later).
                    Halt();
                    throw;
                }
            });
        }

        /// <summary>-ErrorAction Stop, given or through $ErrorActionPreference: an item's error ends the run.</summary>
        private bool _haltOnFailure;

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            try
            {
                CompletePump();
                ReportHeldFailures();
            }
            finally
            {
                _ledger!.Dispose();
            }
            var throttled = ThrottledTotal;
            WriteVerbose($"{_ledger!.Total} requested: {_ledger.Describe()}" +
                         (throttled > 0 ? $" ({throttled} answers of 429 were retried)." : "."));
            if (Summary)
            {
                foreach (var summary in _ledger.Summaries(ActiveConnection.AccountSid, Reached, ThrottledIn, throttled, _clock.Elapsed)) WriteObject(summary);
            }
        }

        /// <inheritdoc />
        protected override void Dispose(bool disposing)
        {
            if (disposing && _ledger is not null)
            {
                if (Cancellation.IsCancellationRequested) SayWhatWasInFlight();
                _ledger.Dispose(); // a stopped run keeps what it wrote
            }
            base.Dispose(disposing);
        }

        /// <summary>An Import-Csv row of a ';'-separated file, as PowerShell binds it: one column whose name holds the others.</summary>
        private static bool SemicolonRow(string text)
        {
            var equals = text.IndexOf('=');
            return text.StartsWith("@{", StringComparison.Ordinal) && equals > 0 && text.IndexOf(';', 0, equals) > 0;
        }

        /// <summary>
        /// By SID the execution is not fetched before ShouldProcess; only without -FlowSid is its flow looked up
        /// (each flow asked in turn, as Get-StudioExecution -ExecutionSid does).
        /// </summary>
        private StudioExecution? FromSids(string? accountSid, string? contact, string? flowName, DateTimeOffset? started)
        {
            if (ExecutionSid is string text && (text.StartsWith("@{", StringComparison.Ordinal) || text.Trim().IndexOfAny(new[] { ' ', '\t' }) > 0))
            {
                // A piped object that is not an execution: PowerShell bound its text (an Import-Csv row whose columns name
                // nothing, an account, a flow). Say what it was and what is expected, not "not a valid SID".
                var semicolons = SemicolonRow(text);
                WriteError(StudioErrors.Record(new ArgumentException(
                    (semicolons ? "A row of one column whose name holds semicolons names no execution: the file is separated by ';', not ','." :
                    $"The piped object '{text}' is not an execution.") +
                    " Stop-StudioExecution takes the output of Get-StudioExecution or Get-StudioStuckExecution, or objects (Import-Csv rows, " +
                    "ConvertFrom-Json of Twilio's JSON) with ExecutionSid (or Sid, execution_sid) and FlowSid (or flow_sid) properties."),
                    ErrorIds.InputNotRecognized, ErrorCategory.InvalidArgument, text,
                    semicolons ? DelimiterFix
                    : "Pipe executions, or rename the columns, for example: Import-Csv x.csv | Select-Object @{n='ExecutionSid';e={$_.'Execution'}}, FlowSid"));
                if (semicolons) HintDelimiter();
                return null;
            }
            var flowGiven = !string.IsNullOrEmpty(FlowSid);
            if ((flowGiven && !CheckSid(FlowSid, SidKind.Flow, nameof(FlowSid))) | !CheckSid(ExecutionSid, SidKind.Execution, nameof(ExecutionSid))) return null;
            // A row that names its account (an export, Twilio's JSON) goes to the account check as it is: one of another
            // account is refused there, before its flow is looked up or anything is sent. One of a subaccount listed for
            // this connection is looked up in that subaccount.
            if (accountSid is not null && !string.Equals(accountSid, ActiveConnection.AccountSid, StringComparison.Ordinal)
                && (!CanReach(accountSid) || !UseAccount(accountSid, ExecutionSid!, "ended", "Execution")))
                return new StudioExecution { Sid = ExecutionSid!, FlowSid = FlowSid ?? "", IsActive = true, AccountSid = accountSid };
            if (flowGiven && (contact is not null || !WhatIfInEffect))
            {
                // What the input knows (a triaged execution, an export's columns) names it in the confirmation and the
                // journal; a flow's name the input lacks comes from the flows this session has seen. Nothing is asked
                // of Twilio before the end request: a listing first would put a request, and its failure, ahead of it.
                return new StudioExecution
                {
                    Sid = ExecutionSid!, FlowSid = FlowSid!, IsActive = true, AccountSid = accountSid, ContactAddress = contact,
                    FlowName = flowName ?? Client.KnownFlowName(FlowSid!), DateCreated = started ?? default,
                };
            }
            if (flowGiven)
            {
                // A rehearsal of a row that names no contact: the execution is read (a GET, nothing written), so the person
                // approving the list sees whose it is, its flow and its age.
                var (reader, execution, flow) = (Client, ExecutionSid!, FlowSid!);
                if (!TryRequest(t => reader.GetExecutionAsync(flow, execution, t), SidKind.Execution, $"reading execution {execution}", execution, out var read)) return null;
                return read.FillFlowName(flowName ?? reader.KnownFlowName(flow) ?? AllFlows()?.FirstOrDefault(f => f.Sid == flow)?.FriendlyName);
            }
            var (client, sid) = (Client, ExecutionSid!);
            if (!TryRequest(t => ExecutionLookup.FindAsync(client, sid, null, t), SidKind.Execution, $"finding the flow of execution {sid}", sid, out var found)) return null;
            if (found is null)
            {
                WriteError(StudioErrors.Record(new ItemNotFoundException($"Execution {ExecutionSid} was not found in any flow of account {ItemAccount ?? ActiveConnection.AccountSid}."),
                    ErrorIds.StudioExecutionNotFound, ErrorCategory.ObjectNotFound, ExecutionSid, "Check the SID, and that it belongs to this account (Get-StudioAccount)."));
            }
            return found;
        }

        private void Ended(StopRequest pending, EndOutcome outcome)
        {
            var ended = outcome.Execution.FillFlowName(pending.Input.FlowName);
            var kind = outcome.AlreadyEnded ? StudioStopOutcome.AlreadyEnded : StudioStopOutcome.Ended;
            _ledger!.Record(ended, kind, pending.Widget, null, pending.ContextFile);
            if (_draining) return;
            MayStop(() =>
            {
                ReportHeldFailures();
                if (VerboseWanted) WriteVerbose(outcome.AlreadyEnded ? $"Already ended, nothing to do: {ended.Describe()}." : $"Ended {ended.Describe()}.");
                if (PassThru) WriteObject(ended.WithOutcome(kind));
            });
        }

        private void Failed(StopRequest pending, Exception error)
        {
            var failure = StudioErrors.Failure(error)?.Failure;
            if (failure == StudioFailure.NotSent)
            {
                _ledger!.Record(pending.Input, StudioStopOutcome.NotAttempted, pending.Widget, null, pending.ContextFile);
                return;
            }
            // Sent, then no answer (a timeout, a dropped connection): Twilio may have ended it; the next run reads it back.
            var known = !(pending.Attempted && IsConnectionFailure(error));
            _ledger!.Record(pending.Input, StudioStopOutcome.Failed, pending.Widget, error.Message, pending.ContextFile, outcomeKnown: known);
            if (_draining) return;
            if (IsConnectionFailure(error))
            {
                _unreachable.Add((pending, error));
                if (!Health.LooksDead) return;
                Halt();
                Drain();
                ThrowTerminatingError(ServiceUnreachable(error,
                    $"the run stopped. Of the {_ledger.Total} execution(s) this command received: {_ledger.Describe()}." +
                    (_ledger.JournalPath is null ? "" : $" The journal {_ledger.JournalPath} has the outcome of each of them.") +
                    " The rest of its input was not read.",
                    "Check the network path to Twilio (or the endpoint in Get-StudioAccount), then run the same command again: executions already ended are reported as such."));
                return;
            }
            MayStop(() =>
            {
                ReportHeldFailures();
                Report(error, SidKind.Execution, $"ending execution {pending.Input.Sid}", pending.Input.Sid);
            });
        }

        private void ReportHeldFailures()
        {
            var held = _unreachable.ToArray();
            _unreachable.Clear();
            foreach (var (item, error) in held) Report(error, SidKind.Execution, $"ending execution {item.Input.Sid}", item.Input.Sid);
        }

        /// <summary>
        /// Runs what may stop the command (an error under -ErrorAction Stop, a downstream stop): if it does, nothing
        /// more is sent, and what is in flight is awaited and journaled with its true outcome before the stop goes on.
        /// </summary>
        private void MayStop(Action write)
        {
            try { write(); }
            catch (Exception ex) when (ex is ActionPreferenceStopException || ex is PipelineStoppedException || ex is PipelineClosedException)
            {
                Halt();
                Drain();
                throw;
            }
        }

        private void Drain()
        {
            if (_draining) return;
            _draining = true;
            DrainPump();
        }
    }
}
