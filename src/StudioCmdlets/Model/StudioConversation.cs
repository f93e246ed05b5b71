namespace StudioCmdlets.Model
{
    /// <summary>
    /// A conversation (Conversations v1) as Get-StudioConversation lists it: whose contact it holds, through which of our
    /// numbers, when it was last used and how long it has held the contact.
    /// </summary>
    public sealed class StudioConversation
    {
        /// <summary>The conversation (CH...).</summary>
        public string Sid { get; internal set; } = "";
        /// <summary>The same SID, named so that piping binds it to -ConversationSid.</summary>
        public string ConversationSid => Sid;
        /// <summary>The account it belongs to: piped on, requests go to that account.</summary>
        public string? AccountSid { get; internal set; }
        /// <summary>Active, Inactive or Closed (Twilio's state): an inactive conversation still holds the contact.</summary>
        public string State { get; internal set; } = "";
        /// <summary>The contact it holds: a messaging address (+14155550123, whatsapp:+...) or a chat identity.</summary>
        public string? ContactAddress { get; internal set; }
        /// <summary>Our number the contact is bound to (the participant's proxy address); empty for chat.</summary>
        public string? ProxyAddress { get; internal set; }
        /// <summary>The conversation's friendly name.</summary>
        public string? FriendlyName { get; internal set; }
        /// <summary>When it was created (UTC).</summary>
        public DateTimeOffset DateCreated { get; internal set; }
        /// <summary>When it was last used (date_updated, UTC).</summary>
        public DateTimeOffset DateUpdated { get; internal set; }
        /// <summary>When its inactive timer moves it to inactive, if one is set.</summary>
        public DateTimeOffset? DateInactive { get; internal set; }
        /// <summary>When its closed timer closes it (and lets the contact go), if one is set.</summary>
        public DateTimeOffset? DateClosed { get; internal set; }
        /// <summary>How long since it was last used, in whole seconds.</summary>
        public TimeSpan IdleTime => Durations.Since(DateUpdated);
        /// <summary>How long it has held the contact (since it was created; zero once closed), in whole seconds.</summary>
        public TimeSpan HeldFor => State == "Closed" ? TimeSpan.Zero : Durations.Since(DateCreated);

        /// <inheritdoc />
        public override string ToString() => Sid;
    }
}
