namespace StudioCmdlets.Model
{
    /// <summary>The counts of an Unblock-StudioContact run (-Summary): every blocker of every contact is in exactly one.</summary>
    public sealed class StudioUnblockSummary
    {
        /// <summary>Contacts given.</summary>
        public int Contacts { get; internal set; }
        /// <summary>Their blockers.</summary>
        public int Blockers { get; internal set; }
        /// <summary>Executions ended by this run.</summary>
        public int Ended { get; internal set; }
        /// <summary>Conversations closed by this run.</summary>
        public int Closed { get; internal set; }
        /// <summary>Already ended or closed when reached.</summary>
        public int AlreadyDone { get; internal set; }
        /// <summary>Left alone: Live, Parked, InFlow, or a state not asked for.</summary>
        public int LeftAlone { get; internal set; }
        /// <summary>Left alone by -WhatIf.</summary>
        public int SkippedByWhatIf { get; internal set; }
        /// <summary>Declined at the confirmation.</summary>
        public int Declined { get; internal set; }
        /// <summary>Failed or not attempted, each with an error.</summary>
        public int Failed { get; internal set; }
    }
}
