namespace StudioCmdlets.Model
{
    /// <summary>One conversation Close-StudioConversation was given, and what this run did with it (-PassThru).</summary>
    public sealed class StudioConversationClose
    {
        /// <summary>The conversation (CH...).</summary>
        public string ConversationSid { get; internal set; } = "";
        /// <summary>Its account.</summary>
        public string? AccountSid { get; internal set; }
        /// <summary>The contact it held.</summary>
        public string? ContactAddress { get; internal set; }
        /// <summary>What this run did: Closed, AlreadyClosed, SkippedByWhatIf, Declined, Failed or NotAttempted (a word, in exports too).</summary>
        public string Outcome => Result.ToString();
        internal StudioCloseOutcome Result { get; set; }
        /// <summary>How it was closed: InteractionChannel (Flex closed its channel and tasks with it) or Conversation.</summary>
        public string? ClosedVia { get; internal set; }
        /// <summary>The Flex interaction channel (UO...), when one was known.</summary>
        public string? ChannelSid { get; internal set; }
        /// <summary>The Flex interaction (KD...), when one was known.</summary>
        public string? InteractionSid { get; internal set; }

        /// <inheritdoc />
        public override string ToString() => $"{ConversationSid} {Outcome}";
    }
}
