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

        public StopLedger(StopJournal? journal) => _journal = journal;

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

        public void Record(StudioExecution e, StudioStopOutcome outcome, string? widget = null, string? detail = null, string? contextFile = null)
        {
            _counts[(int)outcome]++;
            // A rehearsal writes nothing, not even locally.
            if (outcome != StudioStopOutcome.SkippedByWhatIf) _journal?.Write(e, outcome.ToString(), widget, detail, contextFile);
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

        public StudioStopSummary Summary(long throttled, TimeSpan duration) => new StudioStopSummary
        {
            Requested = Total, Ended = this[StudioStopOutcome.Ended], AlreadyEnded = this[StudioStopOutcome.AlreadyEnded],
            SkippedByWhatIf = this[StudioStopOutcome.SkippedByWhatIf], Declined = this[StudioStopOutcome.Declined],
            Failed = this[StudioStopOutcome.Failed], NotAttempted = this[StudioStopOutcome.NotAttempted], Duplicates = Duplicates,
            Throttled = throttled, Duration = duration, JournalPath = JournalPath,
        };

        public void Dispose() => _journal?.Dispose();
    }
}
