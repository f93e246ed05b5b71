namespace StudioCmdlets.Contract
{
    /// <summary>A conversation as Conversations v1 answers it, field by field (timers' dates as the emulator names them: an open question).</summary>
    public sealed class ConversationRecord
    {
        /// <summary>sid (CH...).</summary>
        public string Sid { get; init; } = "";
        /// <summary>account_sid.</summary>
        public string AccountSid { get; init; } = "";
        /// <summary>chat_service_sid (IS...).</summary>
        public string? ChatServiceSid { get; init; }
        /// <summary>friendly_name.</summary>
        public string? FriendlyName { get; init; }
        /// <summary>state, Twilio's word: active, inactive, closed (initializing for an instant).</summary>
        public string State { get; init; } = "";
        /// <summary>date_created (UTC).</summary>
        public DateTimeOffset DateCreated { get; init; }
        /// <summary>date_updated (UTC): when it was last used.</summary>
        public DateTimeOffset DateUpdated { get; init; }
        /// <summary>timers.date_inactive, when an inactive timer is set.</summary>
        public DateTimeOffset? DateInactive { get; init; }
        /// <summary>timers.date_closed, when a closed timer is set.</summary>
        public DateTimeOffset? DateClosed { get; init; }
    }

    /// <summary>A participant of a conversation: a messaging binding (address and proxy address) or a chat identity.</summary>
    public sealed class ParticipantRecord
    {
        /// <summary>sid (MB...).</summary>
        public string Sid { get; init; } = "";
        /// <summary>identity (a chat participant: a web-chat guest, an agent).</summary>
        public string? Identity { get; init; }
        /// <summary>messaging_binding.address (the contact's number, whatsapp:+... included).</summary>
        public string? Address { get; init; }
        /// <summary>messaging_binding.proxy_address (our number).</summary>
        public string? ProxyAddress { get; init; }
    }

    /// <summary>One row of ParticipantConversations: a contact's participant and the conversation it is in.</summary>
    public sealed class ParticipantConversationRecord
    {
        /// <summary>The conversation (conversation_sid, conversation_state, its dates and timers).</summary>
        public ConversationRecord Conversation { get; init; } = new ConversationRecord();
        /// <summary>The participant (participant_sid, participant_identity, participant_messaging_binding).</summary>
        public ParticipantRecord Participant { get; init; } = new ParticipantRecord();
    }

    /// <summary>A conversation-scoped webhook: its target (studio, webhook, trigger) and, for studio, the flow.</summary>
    public sealed class ScopedWebhookRecord
    {
        /// <summary>sid (WH...).</summary>
        public string Sid { get; init; } = "";
        /// <summary>target: studio, webhook or trigger.</summary>
        public string Target { get; init; } = "";
        /// <summary>configuration.flow_sid.</summary>
        public string? FlowSid { get; init; }
    }

    /// <summary>A TaskRouter task, with the Flex attributes that name its conversation and interaction channel.</summary>
    public sealed class TaskRecord
    {
        /// <summary>sid (WT...).</summary>
        public string Sid { get; init; } = "";
        /// <summary>assignment_status: pending, reserved, assigned, wrapping, completed, canceled.</summary>
        public string AssignmentStatus { get; init; } = "";
        /// <summary>attributes.conversationSid.</summary>
        public string? ConversationSid { get; init; }
        /// <summary>attributes.flexInteractionSid (KD...).</summary>
        public string? InteractionSid { get; init; }
        /// <summary>attributes.flexInteractionChannelSid (UO...).</summary>
        public string? ChannelSid { get; init; }
        /// <summary>date_created (UTC).</summary>
        public DateTimeOffset DateCreated { get; init; }
    }

    /// <summary>A Flex interaction channel: its status (active, inactive = parked, closed, ...).</summary>
    public sealed class InteractionChannelRecord
    {
        /// <summary>sid (UO...).</summary>
        public string Sid { get; init; } = "";
        /// <summary>interaction_sid (KD...).</summary>
        public string InteractionSid { get; init; } = "";
        /// <summary>status.</summary>
        public string Status { get; init; } = "";
    }

    /// <summary>A page of conversations, and where the next one is.</summary>
    public sealed class ConversationPageRecord
    {
        /// <summary>The conversations of the page.</summary>
        public IReadOnlyList<ConversationRecord> Items { get; init; } = Array.Empty<ConversationRecord>();
        /// <summary>meta.next_page_url, or null on the last page.</summary>
        public string? NextPageUrl { get; init; }
    }

    /// <summary>The account's Conversations configuration (/v1/Configuration): the defaults new conversations get.</summary>
    public sealed class ConversationSettingsRecord
    {
        /// <summary>account_sid.</summary>
        public string AccountSid { get; init; } = "";
        /// <summary>default_inactive_timer: an ISO 8601 duration as Twilio wrote it, or null when unset.</summary>
        public string? DefaultInactiveTimer { get; init; }
        /// <summary>default_closed_timer: an ISO 8601 duration as Twilio wrote it, or null when unset.</summary>
        public string? DefaultClosedTimer { get; init; }
    }

    /// <summary>An address configuration (/v1/Configuration/Addresses): a number or channel address that auto-creates conversations.</summary>
    public sealed class AddressConfigurationRecord
    {
        /// <summary>sid (IG...).</summary>
        public string Sid { get; init; } = "";
        /// <summary>account_sid.</summary>
        public string AccountSid { get; init; } = "";
        /// <summary>address: the number (or channel address) customers write to.</summary>
        public string Address { get; init; } = "";
        /// <summary>type: sms, whatsapp, messenger, gbm, email, rcs, apple, chat.</summary>
        public string Type { get; init; } = "";
        /// <summary>friendly_name.</summary>
        public string? FriendlyName { get; init; }
        /// <summary>auto_creation.enabled.</summary>
        public bool AutoCreationEnabled { get; init; }
        /// <summary>auto_creation.type: webhook, studio or default.</summary>
        public string? AutoCreationType { get; init; }
        /// <summary>auto_creation.studio_flow_sid (FW...), for type studio.</summary>
        public string? StudioFlowSid { get; init; }
        /// <summary>auto_creation.conversation_service_sid (IS...).</summary>
        public string? ConversationServiceSid { get; init; }
        /// <summary>auto_creation.webhook_url, for type webhook.</summary>
        public string? WebhookUrl { get; init; }
        /// <summary>date_updated (UTC).</summary>
        public DateTimeOffset DateUpdated { get; init; }
    }
}
