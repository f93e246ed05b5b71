namespace StudioCmdlets.Model
{
    /// <summary>What Close-StudioConversation did with one conversation: each one given gets exactly one.</summary>
    public enum StudioCloseOutcome
    {
        /// <summary>Closed by this run (through its Flex interaction channel when one is known, else the conversation itself).</summary>
        Closed,
        /// <summary>It was already closed before this run reached it.</summary>
        AlreadyClosed,
        /// <summary>Left alone: -WhatIf.</summary>
        SkippedByWhatIf,
        /// <summary>Left alone: the confirmation was declined.</summary>
        Declined,
        /// <summary>Not closed: an error says why.</summary>
        Failed,
        /// <summary>Never sent: the run stopped first.</summary>
        NotAttempted,
    }
}
