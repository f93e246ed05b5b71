namespace StudioCmdlets.Commands
{
    /// <summary>
    /// The one record of a Stop-StudioExecution run: every execution's outcome goes through <see cref="Record"/>,
    /// which counts it and journals it, so the counts, the journal and the summary cannot disagree.
    /// </summary>
    internal sealed class StopLedger : IDisposable
    {
        private readonly long[] _counts = new long[Enum.GetValues(typeof(StudioStopOutcome)).Length];
        private readonly StopJournal? _journal;
        // The same counts by account (null: the connection's own), in the order the accounts came.
        private readonly List<(string? Account, long[] Counts)> _byAccount = new List<(string?, long[])>();
        // The SIDs whose end request went out and whose outcome is not recorded yet; written from the requests' threads.
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _inFlight =
            new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase);

        public StopLedger(StopJournal? journal) => _journal = journal;

        /// <summary>Attempts of earlier runs this run read back before sending anything (<see cref="StopJournal.Reconciled"/>).</summary>
        public long Reconciled { get; private set; }

        /// <summary>End requests sent whose outcome this run has not learned (a stop with Ctrl+C leaves them so).</summary>
        public int Unknown => _inFlight.Count;

        /// <summary>The write-ahead line: called on the request's own thread just before its end request goes out.</summary>
        public void Attempt(StopRequest request)
        {
            _inFlight[request.Input.Sid] = true;
            _journal?.Write(request.Input, StopJournal.Attempted, request.Widget, null, request.ContextFile);
        }

        /// <summary>An earlier run's attempt, read back: its execution as Studio has it now (null when Studio no longer has it).</summary>
        public void Reconcile(JournaledAttempt attempt, StudioExecution? now)
        {
            Reconciled++;
            var status = now is null ? "notFound" : now.IsActive ? "active" : "ended";
            var e = now ?? new StudioExecution { Sid = attempt.Sid, FlowSid = attempt.FlowSid, FlowName = attempt.FlowName, ContactAddress = attempt.Contact };
            _journal?.Write(e, StopJournal.Reconciled, attempt.Widget,
                $"run {attempt.RunId} was sending the end request when it stopped and never recorded its outcome; Studio now has the execution {(now is null ? "no longer" : status)}", null, status);
        }

        /// <summary>Inputs that named an execution this run had already handled (one request, one outcome each).</summary>
        public long Duplicates { get; set; }

        public long this[StudioStopOutcome outcome] => _counts[(int)outcome];

        /// <summary>Executions with an outcome so far.</summary>
        public long Total
        {
            get
            {
                long total = 0;
                foreach (var c in _counts) total += c;
                return total;
            }
        }

        public string? JournalPath => _journal?.Path;

        /// <summary>An input's account, in the order inputs came, so the summaries follow the input and not the answers.</summary>
        public void Saw(string? account) => CountsOf(account);

        private long[] CountsOf(string? account)
        {
            var at = _byAccount.FindIndex(a => a.Account == account);
            if (at >= 0) return _byAccount[at].Counts;
            var counts = new long[_counts.Length];
            _byAccount.Add((account, counts));
            return counts;
        }

        public void Record(StudioExecution e, StudioStopOutcome outcome, string? widget = null, string? detail = null, string? contextFile = null, bool outcomeKnown = true)
        {
            _counts[(int)outcome]++;
            CountsOf(e.AccountSid)[(int)outcome]++;
            _inFlight.TryRemove(e.Sid, out _);
            // A rehearsal writes nothing, not even locally.
            if (outcome != StudioStopOutcome.SkippedByWhatIf) _journal?.Write(e, outcome.ToString(), widget, detail, contextFile, outcomeKnown: outcomeKnown);
        }

        /// <summary>"12 ended, 3 already ended, ..." for verbose text and errors.</summary>
        public string Describe()
        {
            var parts = new List<string>();
            foreach (StudioStopOutcome o in Enum.GetValues(typeof(StudioStopOutcome)))
                parts.Add($"{this[o]} {Words(o)}");
            if (Duplicates > 0) parts.Add($"{Duplicates} duplicate input(s) ignored");
            return string.Join(", ", parts);
        }

        public static string Words(StudioStopOutcome o)
        {
            switch (o)
            {
                case StudioStopOutcome.AlreadyEnded: return "already ended";
                case StudioStopOutcome.SkippedByWhatIf: return "skipped by -WhatIf";
                case StudioStopOutcome.NotAttempted: return "not attempted";
                default: return o.ToString().ToLowerInvariant();
            }
        }

        /// <summary>
        /// The run's summary: one for its account, or, when it ended executions of several accounts (a fleet sweep), one per
        /// account in the order they came and then the total, whose AccountSid is empty and Accounts the count.
        /// </summary>
        public IEnumerable<StudioStopSummary> Summaries(string connectionAccount, Func<string, bool> reached, Func<string?, long> throttledIn, long throttled, TimeSpan duration)
        {
            // An execution named by SID alone counts for the connection's account, and so does one of an account the run
            // never reached (refused before any request: it is the connection's run that failed it).
            var accounts = _byAccount.GroupBy(a => a.Account is { } account && reached(account) ? account : connectionAccount, StringComparer.Ordinal)
                .Select(g => (Account: g.Key, Counts: Enumerable.Range(0, _counts.Length).Select(i => g.Sum(a => a.Counts[i])).ToArray())).ToList();
            if (accounts.Count <= 1)
            {
                yield return Make(_counts, accounts.Count == 1 ? accounts[0].Account : connectionAccount, throttled, Duplicates, Reconciled);
                yield break;
            }
            foreach (var (account, counts) in accounts) yield return Make(counts, account, throttledIn(account), 0, 0);
            var total = Make(_counts, null, throttled, Duplicates, Reconciled);
            total.Accounts = accounts.Count;
            yield return total;

            StudioStopSummary Make(long[] c, string? account, long retried, long duplicates, long reconciled) => new StudioStopSummary
            {
                AccountSid = account, Accounts = 1, Requested = c.Sum(), Ended = c[(int)StudioStopOutcome.Ended], AlreadyEnded = c[(int)StudioStopOutcome.AlreadyEnded],
                SkippedByWhatIf = c[(int)StudioStopOutcome.SkippedByWhatIf], Declined = c[(int)StudioStopOutcome.Declined],
                Failed = c[(int)StudioStopOutcome.Failed], NotAttempted = c[(int)StudioStopOutcome.NotAttempted], Duplicates = duplicates,
                Throttled = retried, Duration = duration, JournalPath = JournalPath, Reconciled = reconciled,
            };
        }

        public void Dispose() => _journal?.Dispose();
    }
}
