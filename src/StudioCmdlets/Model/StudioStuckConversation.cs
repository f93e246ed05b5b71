namespace StudioCmdlets.Model
{
    /// <summary>
    /// A conversation that is not closed, triaged: its State (InFlow, Parked, Live, Waiting, Stranded) and why, how long
    /// it has blocked the contact, when it lets them go, and the Flex interaction channel a close goes through.
    /// </summary>
    public sealed class StudioStuckConversation
    {
        /// <summary>The conversation (CH...).</summary>
        public string Sid { get; internal set; } = "";
        /// <summary>The same SID, named so that piping binds it to Close-StudioConversation -ConversationSid.</summary>
        public string ConversationSid => Sid;
        /// <summary>The account it belongs to.</summary>
        public string? AccountSid { get; internal set; }
        /// <summary>InFlow, Parked, Live, Waiting or Stranded: a word, in exports too.</summary>
        public string State => Verdict.ToString();
        internal StudioConversationState Verdict { get; set; }
        /// <summary>Why, in a sentence.</summary>
        public string Reason { get; internal set; } = "";
        /// <summary>The contact it holds (a messaging address or a chat identity).</summary>
        public string? ContactAddress { get; internal set; }
        /// <summary>Our number the contact is bound to.</summary>
        public string? ProxyAddress { get; internal set; }
        /// <summary>Twilio's state of the conversation: Active or Inactive (both hold the contact).</summary>
        public string ConversationState { get; internal set; } = "";
        /// <summary>How long the contact has been left unanswered: since the conversation was last used, in whole seconds.</summary>
        public TimeSpan BlockedFor => Durations.Since(DateUpdated);
        /// <summary>When its close timer lets the contact go; empty when nothing will.</summary>
        public DateTimeOffset? ReleasesAt { get; internal set; }
        /// <summary>The Flex interaction (KD...) a task names for it, if any: Close-StudioConversation closes through it.</summary>
        public string? InteractionSid { get; internal set; }
        /// <summary>The interaction channel (UO...).</summary>
        public string? ChannelSid { get; internal set; }
        /// <summary>The interaction channel's status (active, inactive = parked, closed), when it was read.</summary>
        public string? ChannelStatus { get; internal set; }
        /// <summary>The open task that names it (pending, reserved, assigned, wrapping), if any.</summary>
        public string? TaskStatus { get; internal set; }
        /// <summary>The Studio flow of its scoped webhook (InFlow).</summary>
        public string? FlowSid { get; internal set; }
        /// <summary>When it was created (UTC).</summary>
        public DateTimeOffset DateCreated { get; internal set; }
        /// <summary>When it was last used (UTC).</summary>
        public DateTimeOffset DateUpdated { get; internal set; }

        /// <inheritdoc />
        public override string ToString() => Sid;
    }
}
