namespace StudioCmdlets.Model
{
    /// <summary>One thing that holds a contact: a Studio execution or a conversation, with its triage.</summary>
    public sealed class StudioBlocker
    {
        /// <summary>Execution or Conversation.</summary>
        public string Kind { get; internal set; } = "";
        /// <summary>Its SID (FN... or CH...).</summary>
        public string Sid { get; internal set; } = "";
        /// <summary>Its triage: Stranded, Waiting, Live, Unknown (an execution), Parked or InFlow (a conversation).</summary>
        public string State { get; internal set; } = "";
        /// <summary>Why, in a sentence.</summary>
        public string Reason { get; internal set; } = "";
        /// <summary>How long it has blocked the contact, in whole seconds.</summary>
        public TimeSpan BlockedFor { get; internal set; }
        /// <summary>Where it sits: the flow and widget of an execution; our number for a conversation.</summary>
        public string? Where { get; internal set; }
        /// <summary>The triage object itself (StudioStuckExecution or StudioStuckConversation), to pipe on.</summary>
        public object Triage { get; internal set; } = null!;

        /// <inheritdoc />
        public override string ToString() => $"{State} {Kind} {Sid}{(Where is null ? "" : $" ({Where})")}";
    }
}
