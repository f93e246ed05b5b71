using System.Collections.Concurrent;
using StudioCmdlets.Contract;

namespace StudioCmdlets.Commands
{
    /// <summary>Get-StudioStuckConversation. Its help, the one source of its prose, is module/help/Get-StudioStuckConversation.md.</summary>
    [Cmdlet(VerbsCommon.Get, "StudioStuckConversation", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Get-StudioStuckConversation.md")]
    [OutputType(typeof(StudioStuckConversation))]
    public sealed class GetStudioStuckConversationCommand : ConversationListing<StudioStuckConversation>
    {
        // Per account, once per command: its open tasks by conversation, and its agents' identities.
        private readonly ConcurrentDictionary<string, Lazy<Task<AccountFlex>>> _flex = new ConcurrentDictionary<string, Lazy<Task<AccountFlex>>>(StringComparer.Ordinal);

        [Parameter]
        public TimeSpan Threshold { get; set; } = TimeSpan.FromHours(1);

        [Parameter]
        public TimeSpan LiveWindow { get; set; } = TimeSpan.FromMinutes(10);

        internal override string Activity => "Triaging conversations";

        internal override ConversationReader MakeReader()
        {
            NotNegative((Threshold, nameof(Threshold), ErrorIds.InvalidThreshold), (LiveWindow, nameof(LiveWindow), ErrorIds.InvalidLiveWindow));
            // Only a conversation that is not closed holds a contact: active and inactive alike.
            return new ConversationReader(ContactAddress, new string?[] { "active", "inactive" }, null, null);
        }

        private sealed class AccountFlex
        {
            public Dictionary<string, TaskRecord> OpenTasks { get; } = new Dictionary<string, TaskRecord>(StringComparer.Ordinal);
            public HashSet<string> Agents { get; } = new HashSet<string>(StringComparer.Ordinal);
            public List<string> Workspaces { get; } = new List<string>();
        }

        /// <summary>An account's workspaces, their open tasks (one listing each) and their agents: read once per command.</summary>
        private Task<AccountFlex> FlexOf(StudioClient client, CancellationToken cancellation)
            => _flex.GetOrAdd(client.AccountSid, _ => new Lazy<Task<AccountFlex>>(async () =>
            {
                var flex = new AccountFlex();
                foreach (var ws in await client.Engine.ListWorkspacesAsync(cancellation).ConfigureAwait(false))
                {
                    flex.Workspaces.Add(ws);
                    var tasks = client.Engine.ListTasksAsync(ws, ConversationTriage.OpenTaskStatuses, null, cancellation);
                    var agents = client.Engine.ListWorkerIdentitiesAsync(ws, cancellation);
                    foreach (var t in await tasks.ConfigureAwait(false))
                        if (t.ConversationSid is not null && !flex.OpenTasks.ContainsKey(t.ConversationSid)) flex.OpenTasks[t.ConversationSid] = t;
                    flex.Agents.UnionWith(await agents.ConfigureAwait(false));
                }
                return flex;
            })).Value;

        internal override async Task HandleAsync(StudioClient client, ConversationRecord c, ParticipantRecord? contact, CancellationToken cancellation)
        {
            if (string.Equals(c.State, "closed", StringComparison.OrdinalIgnoreCase)) return; // holds nobody
            var flex = await FlexOf(client, cancellation).ConfigureAwait(false);
            var participants = client.Engine.ListParticipantsAsync(c.Sid, cancellation);
            var webhooks = client.Engine.ListScopedWebhooksAsync(c.Sid, cancellation);
            flex.OpenTasks.TryGetValue(c.Sid, out var open);
            // No open task names it: its Flex channel is often named only by a canceled or completed task.
            TaskRecord? any = open;
            if (any is null)
                foreach (var ws in flex.Workspaces)
                    if ((await client.Engine.ListTasksAsync(ws, Array.Empty<string>(), c.Sid, cancellation).ConfigureAwait(false)).LastOrDefault(t => t.ChannelSid is not null) is { } named)
                        any = named;
            InteractionChannelRecord? channel = null;
            if (open is null && any is { InteractionSid: { } kd, ChannelSid: { } uo })
                channel = await client.Engine.FetchInteractionChannelAsync(kd, uo, cancellation).ConfigureAwait(false);
            var facts = new ConversationFacts
            {
                Conversation = c, Participants = await participants.ConfigureAwait(false), Webhooks = await webhooks.ConfigureAwait(false),
                OpenTask = open, AnyTask = any, Channel = channel, Agents = flex.Agents,
            };
            var triaged = ConversationTriage.Classify(facts, client.AccountSid, DateTimeOffset.UtcNow, new ConversationLimits(Threshold, LiveWindow));
            if (ContactAddress is not null && contact is null && !Reader.Matches(ConversationTriage.Contact(facts.Participants, flex.Agents))) return;
            Ready(triaged);
        }
    }
}
