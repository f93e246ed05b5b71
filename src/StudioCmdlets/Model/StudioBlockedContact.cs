namespace StudioCmdlets.Model
{
    /// <summary>A contact held by at least one execution or conversation, with every blocker of either kind and its triage.</summary>
    public sealed class StudioBlockedContact
    {
        /// <summary>The contact, as its first blocker names it.</summary>
        public string ContactAddress { get; internal set; } = "";
        /// <summary>The account.</summary>
        public string? AccountSid { get; internal set; }
        /// <summary>Every blocker, executions first.</summary>
        public StudioList<StudioBlocker> Blockers { get; internal set; } = StudioList<StudioBlocker>.Empty;
        /// <summary>How many of the blockers are Stranded: what Unblock-StudioContact ends and closes by default.</summary>
        public int Stranded => Blockers.Count(b => b.State == "Stranded");
        /// <summary>Executions that hold it.</summary>
        public int Executions => Blockers.Count(b => b.Kind == "Execution");
        /// <summary>Conversations that hold it.</summary>
        public int Conversations => Blockers.Count(b => b.Kind == "Conversation");
        /// <summary>The longest any blocker has held it, in whole seconds.</summary>
        public TimeSpan BlockedFor => Blockers.Count == 0 ? TimeSpan.Zero : Blockers.Max(b => b.BlockedFor);

        /// <inheritdoc />
        public override string ToString() => ContactAddress;
    }
}
