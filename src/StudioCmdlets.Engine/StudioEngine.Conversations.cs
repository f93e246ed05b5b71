using System.Linq;
using System.Globalization;
using System.Text.Json;
using Twilio.Http;

namespace StudioCmdlets.Engine
{
    /// <summary>
    /// Conversations v1, FlexApi v1 (interaction channels) and TaskRouter v1, through the same route as Studio (one
    /// transport: endpoint, retries, the account's places), each list at its own largest page.
    /// </summary>
    public sealed partial class StudioEngine
    {
        private static Request Conversations(string path, List<KeyValuePair<string, string>>? query = null)
            => new Request(HttpMethod.Get, Twilio.Rest.Domain.Conversations, path, queryParams: query ?? new List<KeyValuePair<string, string>>());

        private static Request TaskRouter(string path, List<KeyValuePair<string, string>>? query = null)
            => new Request(HttpMethod.Get, Twilio.Rest.Domain.Taskrouter, path, queryParams: query ?? new List<KeyValuePair<string, string>>());

        private static List<KeyValuePair<string, string>> Query(params (string Key, string? Value)[] pairs)
            => pairs.Where(p => p.Value is not null).Select(p => new KeyValuePair<string, string>(p.Key, p.Value!)).ToList();

        private static string Iso(DateTimeOffset d) => d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        public async Task<ConversationPageRecord> ConversationPageAsync(string? state, DateTimeOffset? createdFrom, DateTimeOffset? createdTo, string? nextUrl,
            CancellationToken cancellation)
        {
            var request = nextUrl is not null ? TwilioRoute.Next(nextUrl)
                : Conversations("/v1/Conversations", Query(("State", state), ("StartDate", createdFrom is { } f ? Iso(f) : null), ("EndDate", createdTo is { } t ? Iso(t) : null), ("PageSize", "100")));
            var (items, next) = await _route.SendAsync(request, root => StudioJson.Page(root, "conversations", Conversation), cancellation).ConfigureAwait(false);
            foreach (var c in items) CheckAccount(c.AccountSid);
            return new ConversationPageRecord { Items = items, NextPageUrl = next };
        }

        public async Task<ConversationRecord> FetchConversationAsync(string conversationSid, CancellationToken cancellation)
        {
            var c = await _route.SendAsync(Conversations($"/v1/Conversations/{conversationSid}"), Conversation, cancellation).ConfigureAwait(false);
            CheckAccount(c.AccountSid);
            return c;
        }

        public async Task<IReadOnlyList<ParticipantRecord>> ListParticipantsAsync(string conversationSid, CancellationToken cancellation)
        {
            var all = new List<ParticipantRecord>();
            await WalkAsync(Conversations($"/v1/Conversations/{conversationSid}/Participants", Query(("PageSize", "100"))), "participants", Participant, null, all.AddRange, cancellation)
                .ConfigureAwait(false);
            return all;
        }

        public async Task<IReadOnlyList<ScopedWebhookRecord>> ListScopedWebhooksAsync(string conversationSid, CancellationToken cancellation)
        {
            var all = new List<ScopedWebhookRecord>();
            await WalkAsync(Conversations($"/v1/Conversations/{conversationSid}/Webhooks", Query(("PageSize", "5"))), "webhooks", w => new ScopedWebhookRecord
            {
                Sid = StudioJson.Text(w, "sid") ?? "",
                Target = StudioJson.Text(w, "target") ?? "",
                FlowSid = w.TryGetProperty("configuration", out var c) && c.ValueKind == JsonValueKind.Object ? StudioJson.Text(c, "flow_sid") : null,
            }, null, all.AddRange, cancellation).ConfigureAwait(false);
            return all;
        }

        public async Task<IReadOnlyList<ParticipantConversationRecord>> ListParticipantConversationsAsync(string? address, string? identity, CancellationToken cancellation)
        {
            var all = new List<ParticipantConversationRecord>();
            var query = address is not null ? Query(("Address", address), ("PageSize", "50")) : Query(("Identity", identity), ("PageSize", "50"));
            await WalkAsync(Conversations("/v1/ParticipantConversations", query), "conversations", r => new ParticipantConversationRecord
            {
                // One participant and its conversation, their fields named as a participant's and a conversation's with a prefix.
                Conversation = Conversation(r, "conversation_"),
                Participant = Participant(r, "participant_"),
            }, r => r.Conversation.AccountSid, all.AddRange, cancellation).ConfigureAwait(false);
            return all;
        }

        public async Task<ConversationRecord> CloseConversationAsync(string conversationSid, CancellationToken cancellation)
        {
            var form = new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>("State", "closed") };
            var c = await _route.SendAsync(new Request(HttpMethod.Post, Twilio.Rest.Domain.Conversations, $"/v1/Conversations/{conversationSid}", postParams: form), Conversation, cancellation)
                .ConfigureAwait(false);
            CheckAccount(c.AccountSid);
            return c;
        }

        public async Task<IReadOnlyList<string>> ListWorkspacesAsync(CancellationToken cancellation)
        {
            var all = new List<string>();
            await WalkAsync(TaskRouter("/v1/Workspaces", Query(("PageSize", "1000"))), "workspaces", w => StudioJson.Text(w, "sid") ?? "", null, all.AddRange, cancellation)
                .ConfigureAwait(false);
            return all;
        }

        public async Task<IReadOnlyList<TaskRecord>> ListTasksAsync(string workspaceSid, IReadOnlyList<string> statuses, string? conversationSid, CancellationToken cancellation)
        {
            var query = Query(("PageSize", "1000"));
            foreach (var s in statuses) query.Add(new KeyValuePair<string, string>("AssignmentStatus", s));
            if (conversationSid is not null) query.Add(new KeyValuePair<string, string>("EvaluateTaskAttributes", $"conversationSid == \"{conversationSid}\""));
            var all = new List<TaskRecord>();
            await WalkAsync(TaskRouter($"/v1/Workspaces/{workspaceSid}/Tasks", query), "tasks", t =>
            {
                string? conversation = null, interaction = null, channel = null;
                if (StudioJson.Text(t, "attributes") is string attributes)
                {
                    try
                    {
                        using (var doc = JsonDocument.Parse(attributes))
                        {
                            if (doc.RootElement.ValueKind == JsonValueKind.Object)
                            {
                                conversation = StudioJson.Text(doc.RootElement, "conversationSid");
                                interaction = StudioJson.Text(doc.RootElement, "flexInteractionSid");
                                channel = StudioJson.Text(doc.RootElement, "flexInteractionChannelSid");
                            }
                        }
                    }
                    catch (JsonException) { } // a task whose attributes are not JSON names no conversation
                }
                return new TaskRecord
                {
                    Sid = StudioJson.Text(t, "sid") ?? "", AssignmentStatus = StudioJson.Text(t, "assignment_status") ?? "",
                    ConversationSid = conversation, InteractionSid = interaction, ChannelSid = channel, DateCreated = StudioJson.Date(t, "date_created") ?? default,
                };
            }, null, all.AddRange, cancellation).ConfigureAwait(false);
            return all;
        }

        public async Task<IReadOnlyList<string>> ListWorkerIdentitiesAsync(string workspaceSid, CancellationToken cancellation)
        {
            var all = new List<string>();
            await WalkAsync(TaskRouter($"/v1/Workspaces/{workspaceSid}/Workers", Query(("PageSize", "1000"))), "workers", w =>
            {
                if (StudioJson.Text(w, "attributes") is not string attributes) return "";
                try
                {
                    using (var doc = JsonDocument.Parse(attributes))
                    {
                        var uri = doc.RootElement.ValueKind == JsonValueKind.Object ? StudioJson.Text(doc.RootElement, "contact_uri") : null;
                        return uri is not null && uri.StartsWith("client:", StringComparison.Ordinal) ? uri.Substring("client:".Length) : "";
                    }
                }
                catch (JsonException) { return ""; }
            }, null, ids => all.AddRange(ids.Where(i => i.Length > 0)), cancellation).ConfigureAwait(false);
            return all;
        }

        public Task<InteractionChannelRecord> FetchInteractionChannelAsync(string interactionSid, string channelSid, CancellationToken cancellation)
            => _route.SendAsync(new Request(HttpMethod.Get, Twilio.Rest.Domain.FlexApi, $"/v1/Interactions/{interactionSid}/Channels/{channelSid}",
                queryParams: new List<KeyValuePair<string, string>>()), Channel, cancellation);

        public Task<InteractionChannelRecord> CloseInteractionChannelAsync(string interactionSid, string channelSid, CancellationToken cancellation)
        {
            // Routing status closed: the channel's tasks are closed with it, not left wrapping for an agent who is not there.
            var form = new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>("Status", "closed"), new KeyValuePair<string, string>("Routing", "{\"status\":\"closed\"}") };
            return _route.SendAsync(new Request(HttpMethod.Post, Twilio.Rest.Domain.FlexApi, $"/v1/Interactions/{interactionSid}/Channels/{channelSid}", postParams: form), Channel, cancellation);
        }

        public async Task<ConversationSettingsRecord> FetchConversationSettingsAsync(CancellationToken cancellation)
        {
            var settings = await _route.SendAsync(Conversations("/v1/Configuration"), Settings, cancellation).ConfigureAwait(false);
            CheckAccount(settings.AccountSid);
            return settings;
        }

        public async Task<ConversationSettingsRecord> UpdateConversationSettingsAsync(string? defaultInactiveTimer, string? defaultClosedTimer, CancellationToken cancellation)
        {
            var form = new List<KeyValuePair<string, string>>();
            if (defaultInactiveTimer is not null) form.Add(new KeyValuePair<string, string>("DefaultInactiveTimer", defaultInactiveTimer));
            if (defaultClosedTimer is not null) form.Add(new KeyValuePair<string, string>("DefaultClosedTimer", defaultClosedTimer));
            var settings = await _route.SendAsync(new Request(HttpMethod.Post, Twilio.Rest.Domain.Conversations, "/v1/Configuration", postParams: form), Settings, cancellation)
                .ConfigureAwait(false);
            CheckAccount(settings.AccountSid);
            return settings;
        }

        public async Task<IReadOnlyList<AddressConfigurationRecord>> ListAddressConfigurationsAsync(string? type, CancellationToken cancellation)
        {
            var all = new List<AddressConfigurationRecord>();
            await WalkAsync(Conversations("/v1/Configuration/Addresses", Query(("Type", type), ("PageSize", "50"))), "address_configurations", a =>
            {
                var auto = a.TryGetProperty("auto_creation", out var x) && x.ValueKind == JsonValueKind.Object ? x : default;
                string? Auto(string name) => auto.ValueKind == JsonValueKind.Object ? StudioJson.Text(auto, name) : null;
                return new AddressConfigurationRecord
                {
                    Sid = StudioJson.Text(a, "sid") ?? "", AccountSid = StudioJson.Text(a, "account_sid") ?? "",
                    Address = StudioJson.Text(a, "address") ?? "", Type = StudioJson.Text(a, "type") ?? "", FriendlyName = StudioJson.Text(a, "friendly_name"),
                    AutoCreationEnabled = auto.ValueKind == JsonValueKind.Object && auto.TryGetProperty("enabled", out var on) && on.ValueKind == JsonValueKind.True,
                    AutoCreationType = Auto("type"), StudioFlowSid = Auto("studio_flow_sid"), ConversationServiceSid = Auto("conversation_service_sid"),
                    WebhookUrl = Auto("webhook_url"), DateUpdated = StudioJson.Date(a, "date_updated") ?? default,
                };
            }, a => a.AccountSid, all.AddRange, cancellation).ConfigureAwait(false);
            return all;
        }

        private static ConversationSettingsRecord Settings(JsonElement c) => new ConversationSettingsRecord
        {
            AccountSid = StudioJson.Text(c, "account_sid") ?? "",
            DefaultInactiveTimer = StudioJson.Text(c, "default_inactive_timer"),
            DefaultClosedTimer = StudioJson.Text(c, "default_closed_timer"),
        };

        private static InteractionChannelRecord Channel(JsonElement c) => new InteractionChannelRecord
        {
            Sid = StudioJson.Text(c, "sid") ?? "", InteractionSid = StudioJson.Text(c, "interaction_sid") ?? "", Status = StudioJson.Text(c, "status") ?? "",
        };

        /// <summary>
        /// A conversation, or (with <paramref name="prefix"/> "conversation_") the conversation half of a
        /// ParticipantConversations item, which names the same fields so; the account and chat service keep their names.
        /// </summary>
        private static ConversationRecord Conversation(JsonElement c, string prefix) => new ConversationRecord
        {
            Sid = StudioJson.Text(c, prefix + "sid") ?? "",
            AccountSid = StudioJson.Text(c, "account_sid") ?? "",
            ChatServiceSid = StudioJson.Text(c, "chat_service_sid"),
            FriendlyName = StudioJson.Text(c, prefix + "friendly_name"),
            State = StudioJson.Text(c, prefix + "state") ?? "",
            DateCreated = StudioJson.Date(c, prefix + "date_created") ?? default,
            DateUpdated = StudioJson.Date(c, prefix + "date_updated") ?? default,
            DateInactive = Timer(c, prefix + "timers", "date_inactive"),
            DateClosed = Timer(c, prefix + "timers", "date_closed"),
        };

        private static ConversationRecord Conversation(JsonElement c) => Conversation(c, "");

        /// <summary>A participant, or (with <paramref name="prefix"/> "participant_") the participant half of a ParticipantConversations item.</summary>
        private static ParticipantRecord Participant(JsonElement p, string prefix)
        {
            var binding = p.TryGetProperty(prefix + "messaging_binding", out var b) && b.ValueKind == JsonValueKind.Object ? b : default;
            return new ParticipantRecord
            {
                Sid = StudioJson.Text(p, prefix + "sid") ?? "",
                Identity = StudioJson.Text(p, prefix + "identity"),
                Address = binding.ValueKind == JsonValueKind.Object ? StudioJson.Text(binding, "address") : null,
                ProxyAddress = binding.ValueKind == JsonValueKind.Object ? StudioJson.Text(binding, "proxy_address") : null,
            };
        }

        private static ParticipantRecord Participant(JsonElement p) => Participant(p, "");

        private static DateTimeOffset? Timer(JsonElement e, string timers, string name)
            => e.TryGetProperty(timers, out var t) && t.ValueKind == JsonValueKind.Object ? StudioJson.Date(t, name) : null;
    }
}
