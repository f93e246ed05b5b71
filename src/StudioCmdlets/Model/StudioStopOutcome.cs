namespace StudioCmdlets.Model
{
    /// <summary>What Stop-StudioExecution did with one execution: each execution given gets exactly one.</summary>
    public enum StudioStopOutcome
    {
        /// <summary>Ended by this run.</summary>
        Ended,
        /// <summary>It had already ended (by itself, or by someone else) before this run reached it.</summary>
        AlreadyEnded,
        /// <summary>Left alone: -WhatIf.</summary>
        SkippedByWhatIf,
        /// <summary>Left alone: the confirmation was declined.</summary>
        Declined,
        /// <summary>Not ended: an error says why.</summary>
        Failed,
        /// <summary>Never sent: the run stopped first (-ErrorAction Stop, or the service could not be reached).</summary>
        NotAttempted,
    }
}
