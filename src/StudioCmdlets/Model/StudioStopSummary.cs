namespace StudioCmdlets.Model
{
    /// <summary>
    /// What a Stop-StudioExecution run did with every execution it was given: each is counted exactly once.
    /// </summary>
    public sealed class StudioStopSummary
    {
        /// <summary>
        /// The account these counts are for; empty on the total of a run over several accounts (a fleet sweep writes one
        /// summary per account, then the total).
        /// </summary>
        public string? AccountSid { get; internal set; }
        /// <summary>How many accounts the counts cover: 1, or on the total of a fleet sweep, the number of accounts.</summary>
        public int Accounts { get; internal set; } = 1;
        /// <summary>Executions given (piped or named), each counted once: the sum of the outcomes below.</summary>
        public long Requested { get; internal set; }
        /// <summary>Ended by this run.</summary>
        public long Ended { get; internal set; }
        /// <summary>Already ended before this run reached them.</summary>
        public long AlreadyEnded { get; internal set; }
        /// <summary>Left alone because of -WhatIf.</summary>
        public long SkippedByWhatIf { get; internal set; }
        /// <summary>Left alone because the confirmation was declined.</summary>
        public long Declined { get; internal set; }
        /// <summary>Not ended: an error was written for each.</summary>
        public long Failed { get; internal set; }
        /// <summary>Never sent: the run stopped first (-ErrorAction Stop, or Twilio could not be reached).</summary>
        public long NotAttempted { get; internal set; }
        /// <summary>Inputs that repeated an execution already handled in this run (no request, not counted above).</summary>
        public long Duplicates { get; internal set; }
        /// <summary>Answers of 429 that were retried (Twilio's concurrency cap).</summary>
        public long Throttled { get; internal set; }
        /// <summary>How long the run took.</summary>
        public TimeSpan Duration { get; internal set; }
        /// <summary>
        /// End requests an earlier run journaled without an outcome (it was killed or stopped), read back with one GET
        /// each before this run sent anything, and journaled as Reconciled (not counted above).
        /// </summary>
        public long Reconciled { get; internal set; }
        /// <summary>The journal written, if any.</summary>
        public string? JournalPath { get; internal set; }
    }
}
