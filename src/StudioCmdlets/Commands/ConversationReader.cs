using StudioCmdlets.Contract;

namespace StudioCmdlets.Commands
{
    /// <summary>What one piped item of a conversation cmdlet asks for, in one account: some conversations, or every one the filters let through.</summary>
    /// <param name="Subaccount">The subaccount, or null for the connection's own account.</param>
    /// <param name="Sids">Conversations by SID, or null.</param>
    internal sealed record ConversationScope(string? Subaccount, List<string>? Sids);

    /// <summary>
    /// How the conversation cmdlets find conversations, one way for both: by SID (one read each), by contact
    /// (ParticipantConversations, by the one address rule: <see cref="Address.ConversationLookups"/>), or listed (by
    /// Twilio's state filter and creation dates, every page). Each conversation is handed on once, with the contact's
    /// participant when the lookup already read it.
    /// </summary>
    internal sealed class ConversationReader
    {
        private readonly string[]? _contacts;
        private readonly ContactFilter _filter;
        private readonly IReadOnlyList<string?> _states;
        private readonly DateTimeOffset? _from;
        private readonly DateTimeOffset? _to;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _seen = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

        /// <param name="contacts">-ContactAddress, or null.</param>
        /// <param name="states">Twilio's state words to list (null: every state, one listing).</param>
        /// <param name="from">Created at or after this, or null.</param>
        /// <param name="to">Created at or before this, or null.</param>
        public ConversationReader(string[]? contacts, IReadOnlyList<string?> states, DateTimeOffset? from, DateTimeOffset? to)
        {
            _contacts = contacts?.Where(c => !string.IsNullOrWhiteSpace(c)).ToArray();
            _filter = ContactFilter.From(_contacts);
            _states = states;
            _from = from;
            _to = to;
        }

        /// <summary>Warnings for contacts given without wildcards that matched no conversation.</summary>
        public IEnumerable<string> Unmatched() => _filter.Unmatched("conversation");

        /// <summary>Whether a contact's address (or identity) is one the -ContactAddress filter lets through.</summary>
        public bool Matches(ParticipantRecord? p) => _contacts is null || (p is not null && (_filter.Matches(p.Address ?? p.Identity) || (p.Identity is not null && _filter.Matches("client:" + p.Identity))));

        public async Task ReadAsync(StudioClient client, ConversationScope scope, Func<ConversationRecord, ParticipantRecord?, Task> each, CancellationToken cancellation)
        {
            var work = new List<Task>();
            if (scope.Sids is { } sids)
            {
                foreach (var sid in sids)
                    work.Add(Once(await client.Engine.FetchConversationAsync(sid, cancellation).ConfigureAwait(false), null, each));
            }
            else if (_contacts is { Length: > 0 } && _contacts.All(c => Address.ConversationLookups(c) is not null))
            {
                foreach (var (address, identity) in _contacts.SelectMany(c => Address.ConversationLookups(c)!).Distinct())
                {
                    foreach (var row in await client.Engine.ListParticipantConversationsAsync(address, identity, cancellation).ConfigureAwait(false))
                    {
                        if (!InWindow(row.Conversation) || !WantedState(row.Conversation.State)) continue;
                        // Matched by the lookup, counted by the filter (so a contact that found nothing is warned about).
                        _filter.Matches(row.Participant.Address ?? (row.Participant.Identity is null ? null : "client:" + row.Participant.Identity));
                        if (row.Participant.Identity is not null) _filter.Matches(row.Participant.Identity);
                        work.Add(Once(row.Conversation, row.Participant, each));
                    }
                }
            }
            else
            {
                // One listing per state, side by side; each page's conversations are worked on while the next page is read.
                await Task.WhenAll(_states.Select(async state =>
                {
                    for (string? next = null; ;)
                    {
                        var page = await client.Engine.ConversationPageAsync(state, _from, _to, next, cancellation).ConfigureAwait(false);
                        lock (work) foreach (var c in page.Items) work.Add(Once(c, null, each));
                        if ((next = page.NextPageUrl) is null) break;
                    }
                })).ConfigureAwait(false);
            }
            await Task.WhenAll(work).ConfigureAwait(false);
        }

        private Task Once(ConversationRecord c, ParticipantRecord? contact, Func<ConversationRecord, ParticipantRecord?, Task> each)
            => _seen.TryAdd(c.Sid, true) ? each(c, contact) : Task.CompletedTask;

        private bool InWindow(ConversationRecord c) => (_from is null || c.DateCreated >= _from) && (_to is null || c.DateCreated <= _to);

        private bool WantedState(string state) => _states.Contains(null) || _states.Contains(state);
    }
}
