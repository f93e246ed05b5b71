namespace StudioCmdlets.Model
{
    /// <summary>The counts of a Close-StudioConversation run (-Summary): every conversation given is in exactly one.</summary>
    public sealed class StudioCloseSummary
    {
        /// <summary>Conversations given.</summary>
        public long Requested { get; internal set; }
        /// <summary>Closed by this run.</summary>
        public long Closed { get; internal set; }
        /// <summary>Already closed.</summary>
        public long AlreadyClosed { get; internal set; }
        /// <summary>Left alone by -WhatIf.</summary>
        public long SkippedByWhatIf { get; internal set; }
        /// <summary>Left alone: declined.</summary>
        public long Declined { get; internal set; }
        /// <summary>Failed, each with an error.</summary>
        public long Failed { get; internal set; }
        /// <summary>Never sent: the run stopped first.</summary>
        public long NotAttempted { get; internal set; }
        /// <summary>How long the run took.</summary>
        public TimeSpan Duration { get; internal set; }
    }
}
