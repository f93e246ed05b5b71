using StudioCmdlets.Contract;

namespace StudioCmdlets.Client
{
    /// <summary>The conversation side of an account: Conversations, Flex interaction channels and TaskRouter, as the contract's records.</summary>
    internal sealed partial class StudioClient
    {
        /// <summary>The account this client speaks for.</summary>
        public string AccountSid => _accountSid;

        public Task<ConversationPageRecord> ConversationPageAsync(string? state, DateTimeOffset? from, DateTimeOffset? to, string? next, CancellationToken cancellation)
            => _engine.ConversationPageAsync(state, from, to, next, cancellation);

        public Task<ConversationRecord> FetchConversationAsync(string sid, CancellationToken cancellation) => _engine.FetchConversationAsync(sid, cancellation);

        public Task<IReadOnlyList<ParticipantRecord>> ListParticipantsAsync(string sid, CancellationToken cancellation) => _engine.ListParticipantsAsync(sid, cancellation);

        public Task<IReadOnlyList<ScopedWebhookRecord>> ListScopedWebhooksAsync(string sid, CancellationToken cancellation) => _engine.ListScopedWebhooksAsync(sid, cancellation);

        public Task<IReadOnlyList<ParticipantConversationRecord>> ListParticipantConversationsAsync(string? address, string? identity, CancellationToken cancellation)
            => _engine.ListParticipantConversationsAsync(address, identity, cancellation);

        public Task<ConversationRecord> CloseConversationAsync(string sid, CancellationToken cancellation) => _engine.CloseConversationAsync(sid, cancellation);

        public Task<IReadOnlyList<string>> ListWorkspacesAsync(CancellationToken cancellation) => _engine.ListWorkspacesAsync(cancellation);

        public Task<IReadOnlyList<TaskRecord>> ListTasksAsync(string workspace, IReadOnlyList<string> statuses, string? conversationSid, CancellationToken cancellation)
            => _engine.ListTasksAsync(workspace, statuses, conversationSid, cancellation);

        public Task<IReadOnlyList<string>> ListWorkerIdentitiesAsync(string workspace, CancellationToken cancellation) => _engine.ListWorkerIdentitiesAsync(workspace, cancellation);

        public Task<InteractionChannelRecord> FetchInteractionChannelAsync(string interaction, string channel, CancellationToken cancellation)
            => _engine.FetchInteractionChannelAsync(interaction, channel, cancellation);

        public Task<InteractionChannelRecord> CloseInteractionChannelAsync(string interaction, string channel, CancellationToken cancellation)
            => _engine.CloseInteractionChannelAsync(interaction, channel, cancellation);
    }
}
