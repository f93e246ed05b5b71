namespace StudioCmdlets.Model
{
    /// <summary>
    /// An address configuration: a number (or channel address) customers write to that auto-creates a conversation
    /// on an inbound message, and where that conversation goes (a Studio flow, a webhook, or nowhere more).
    /// </summary>
    public sealed class StudioAddressConfiguration
    {
        /// <summary>The configuration (IG...).</summary>
        public string Sid { get; internal set; } = "";
        /// <summary>The account (AC...).</summary>
        public string AccountSid { get; internal set; } = "";
        /// <summary>The address customers write to: +1..., whatsapp:+1..., ...</summary>
        public string Address { get; internal set; } = "";
        /// <summary>Twilio's channel type: sms, whatsapp, messenger, gbm, email, rcs, apple, chat.</summary>
        public string Type { get; internal set; } = "";
        /// <summary>Its name.</summary>
        public string? FriendlyName { get; internal set; }
        /// <summary>True when an inbound message from a contact with no open conversation creates one.</summary>
        public bool AutoCreation { get; internal set; }
        /// <summary>Where an auto-created conversation goes: Studio, Webhook or Default (nowhere more).</summary>
        public string? Target { get; internal set; }
        /// <summary>The Studio flow (FW...) an auto-created conversation starts, for Target Studio: pipe to Test-StudioFlow or Repair-StudioFlow.</summary>
        public string? FlowSid { get; internal set; }
        /// <summary>That flow's name, when the account has it.</summary>
        public string? FlowName { get; internal set; }
        /// <summary>The webhook an auto-created conversation calls, for Target Webhook.</summary>
        public string? WebhookUrl { get; internal set; }
        /// <summary>The Conversations service (IS...) conversations are created in.</summary>
        public string? ConversationServiceSid { get; internal set; }

        /// <summary>The address and where it leads.</summary>
        public override string ToString() => $"{Address} -> {FlowName ?? FlowSid ?? WebhookUrl ?? Target}";
    }
}
