using StudioCmdlets.Contract;

namespace StudioCmdlets.Audit
{
    /// <summary>What triage measures a conversation against: a close within Threshold is Waiting; use within LiveWindow is Live.</summary>
    internal sealed record ConversationLimits(TimeSpan Threshold, TimeSpan LiveWindow);

    /// <summary>Everything read about one conversation that its triage needs (docs/twilio-behaviour.md rows 18-22).</summary>
    internal sealed class ConversationFacts
    {
        public ConversationRecord Conversation { get; init; } = new ConversationRecord();
        public IReadOnlyList<ParticipantRecord> Participants { get; init; } = Array.Empty<ParticipantRecord>();
        public IReadOnlyList<ScopedWebhookRecord> Webhooks { get; init; } = Array.Empty<ScopedWebhookRecord>();
        /// <summary>An open task (pending, reserved, assigned, wrapping) whose attributes name it.</summary>
        public TaskRecord? OpenTask { get; init; }
        /// <summary>Any task that names it (canceled, completed...): how its Flex interaction channel is found.</summary>
        public TaskRecord? AnyTask { get; init; }
        /// <summary>Its interaction channel as Flex has it now, when a task named one.</summary>
        public InteractionChannelRecord? Channel { get; init; }
        /// <summary>The chat identities of the account's agents (TaskRouter workers' contact_uri).</summary>
        public ISet<string> Agents { get; init; } = new HashSet<string>(StringComparer.Ordinal);
    }

    /// <summary>
    /// The one rule for a conversation that is not closed. The first that applies wins: InFlow (a Studio webhook: the
    /// execution side handles it), Parked (its Flex interaction channel inactive: a reply makes a task), Live (an open
    /// task names it, an agent is in it, or it was used within the live window: a customer queued for hours is live),
    /// Waiting (its close timer lets the contact go within the threshold), else Stranded (nobody will answer, and every
    /// new message from the contact lands in it). An agent is a participant whose identity is a Flex worker's; the
    /// contact is the participant with a messaging binding, or else the chat identity that is not an agent.
    /// </summary>
    internal static class ConversationTriage
    {
        /// <summary>The TaskRouter statuses of a task someone is still going to handle.</summary>
        public static readonly IReadOnlyList<string> OpenTaskStatuses = new[] { "pending", "reserved", "assigned", "wrapping" };

        /// <summary>The contact a conversation holds: the messaging participant, else the chat identity that is no agent.</summary>
        public static ParticipantRecord? Contact(IReadOnlyList<ParticipantRecord> participants, ISet<string> agents)
            => participants.FirstOrDefault(p => p.Address is not null)
               ?? participants.FirstOrDefault(p => p.Identity is not null && !agents.Contains(p.Identity));

        public static StudioStuckConversation Classify(ConversationFacts f, string accountSid, DateTimeOffset now, ConversationLimits limits)
        {
            var c = f.Conversation;
            var contact = Contact(f.Participants, f.Agents);
            var t = new StudioStuckConversation
            {
                Sid = c.Sid, AccountSid = string.IsNullOrEmpty(c.AccountSid) ? accountSid : c.AccountSid,
                ContactAddress = contact?.Address ?? contact?.Identity, ProxyAddress = contact?.ProxyAddress,
                ConversationState = Word(c.State), DateCreated = c.DateCreated, DateUpdated = c.DateUpdated, ReleasesAt = c.DateClosed,
                InteractionSid = f.OpenTask?.InteractionSid ?? f.AnyTask?.InteractionSid, ChannelSid = f.OpenTask?.ChannelSid ?? f.AnyTask?.ChannelSid,
                ChannelStatus = f.Channel?.Status, TaskStatus = f.OpenTask?.AssignmentStatus,
            };
            var idle = now - c.DateUpdated;
            if (f.Webhooks.FirstOrDefault(w => string.Equals(w.Target, "studio", StringComparison.OrdinalIgnoreCase)) is { } studio)
            {
                t.FlowSid = studio.FlowSid;
                return Verdict(t, StudioConversationState.InFlow, $"A Studio flow ({studio.FlowSid ?? "its webhook names none"}) handles it: triage its execution (Get-StudioStuckExecution), not the conversation.");
            }
            if (f.Channel is { } channel && string.Equals(channel.Status, "inactive", StringComparison.OrdinalIgnoreCase))
                return Verdict(t, StudioConversationState.Parked, $"Flex parked it (interaction channel {channel.Sid} inactive): the contact's next message makes a new task, by design.");
            if (f.OpenTask is { } open)
                return Verdict(t, StudioConversationState.Live, $"Task {open.Sid} is {open.AssignmentStatus}{(open.AssignmentStatus == "pending" ? ": the customer is queued, waiting for an agent" : ": an agent has it")}.");
            if (f.Participants.FirstOrDefault(p => p.Identity is not null && f.Agents.Contains(p.Identity)) is { } agent)
                return Verdict(t, StudioConversationState.Live, $"Agent {agent.Identity} is in it.");
            if (idle < limits.LiveWindow)
                return Verdict(t, StudioConversationState.Live, $"It was used {Durations.Short(idle < TimeSpan.Zero ? TimeSpan.Zero : idle)} ago, within the live window of {Durations.Short(limits.LiveWindow)}.");
            if (c.DateClosed is { } closes && closes - now <= limits.Threshold)
                return Verdict(t, StudioConversationState.Waiting, $"Its close timer lets the contact go in {Durations.Short(closes > now ? closes - now : TimeSpan.Zero)}: within the threshold of {Durations.Short(limits.Threshold)}.");
            var state = Word(c.State).ToLowerInvariant();
            var why = f.AnyTask is { } task ? $"its task {task.Sid} was {task.AssignmentStatus}" : "no task names it";
            var releases = c.DateClosed is { } later ? $"its close timer lets the contact go only in {Durations.Short(later - now)}" : "no close timer will ever let the contact go";
            return Verdict(t, StudioConversationState.Stranded,
                $"Nobody will answer: no agent is in it, {why}, and it is {state} (which still holds the contact); {releases}. Every new message from the contact lands in it.");
        }

        /// <summary>Twilio's state word as the module shows it: Active, Inactive, Closed.</summary>
        public static string Word(string state) => state.Length == 0 ? state : char.ToUpperInvariant(state[0]) + state.Substring(1).ToLowerInvariant();

        private static StudioStuckConversation Verdict(StudioStuckConversation t, StudioConversationState state, string reason)
        {
            t.Verdict = state;
            t.Reason = reason;
            return t;
        }
    }
}
