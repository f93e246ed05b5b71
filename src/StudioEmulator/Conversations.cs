namespace StudioEmulator;

/// <summary>A conversation's state: Twilio's <c>conversation_enum_state</c> (initializing is left out: it lasts an instant).</summary>
internal enum ConversationState
{
    Active,
    Inactive,
    Closed,
}

/// <summary>A participant: an SMS or WhatsApp contact (address and our proxy address) or a chat identity (a web-chat guest, an agent).</summary>
internal sealed class Participant
{
    public required string Sid { get; init; }
    public string? Identity { get; init; }
    public string? Address { get; init; }
    public string? ProxyAddress { get; init; }
    public required DateTimeOffset DateCreated { get; init; }
}

/// <summary>A conversation-scoped webhook: target studio (a flow handles the conversation), webhook or trigger.</summary>
internal sealed record ScopedWebhook(string Sid, string Target, string? FlowSid, DateTimeOffset DateCreated);

/// <summary>A Flex interaction channel (UO...) of an interaction (KD...): its status, and the conversation it is the media of.</summary>
internal sealed class InteractionChannel
{
    public required string Sid { get; init; }
    public required string InteractionSid { get; init; }
    public required string ConversationSid { get; init; }
    public string Status { get; set; } = "active";
}

/// <summary>A TaskRouter task: its assignment status, and attributes naming the conversation and interaction (Flex's known attributes).</summary>
internal sealed class FlexTask
{
    public required string Sid { get; init; }
    public required string WorkspaceSid { get; init; }
    public string AssignmentStatus { get; set; } = "pending";
    public required string ConversationSid { get; init; }
    public string? InteractionSid { get; init; }
    public string? ChannelSid { get; init; }
    public required DateTimeOffset DateCreated { get; init; }
    public DateTimeOffset DateUpdated { get; set; }
    public string Attributes => "{\"conversationSid\":\"" + ConversationSid + "\"" +
        (InteractionSid is null ? "" : ",\"flexInteractionSid\":\"" + InteractionSid + "\"") +
        (ChannelSid is null ? "" : ",\"flexInteractionChannelSid\":\"" + ChannelSid + "\"") + "}";
}

/// <summary>A TaskRouter worker: an agent, whose contact_uri (client:identity) is the identity they join conversations with.</summary>
internal sealed record Worker(string Sid, string FriendlyName, string Identity);

/// <summary>
/// An address configuration (/v1/Configuration/Addresses): an address that auto-creates a conversation on an inbound
/// message, into a Studio flow (AutoType studio), a webhook, or nothing more (default).
/// </summary>
internal sealed record AddressConfiguration(string Sid, string Address, string Type, string FriendlyName, bool Enabled, string AutoType, string? FlowSid,
    string? WebhookUrl, string ServiceSid, DateTimeOffset DateCreated);

/// <summary>A conversation, its participants, scoped webhooks and timers, and the scenario's ground truth.</summary>
internal sealed class Conversation
{
    public required string Sid { get; init; }
    public required string ChatServiceSid { get; init; }
    public string FriendlyName { get; init; } = "";
    public ConversationState State { get; set; } = ConversationState.Active;
    public required DateTimeOffset DateCreated { get; init; }
    public DateTimeOffset DateUpdated { get; set; }
    /// <summary>When the inactive timer moves it to inactive (timers.date_inactive), if set.</summary>
    public DateTimeOffset? DateInactive { get; set; }
    /// <summary>When the closed timer closes it (timers.date_closed), if set.</summary>
    public DateTimeOffset? DateClosed { get; set; }
    public List<Participant> Participants { get; } = new();
    public List<ScopedWebhook> Webhooks { get; } = new();
    /// <summary>The scenario's ground truth: stranded, live, parked, waiting, inflow or closed (null for one made later).</summary>
    public string? Truth { get; init; }
}

/// <summary>
/// One account's Conversations, Flex interaction channels and TaskRouter workspace, under one lock. Timers act when the
/// data is read (at the store's clock, so advancing the clock runs them): an inactive timer moves an active conversation
/// to inactive, a closed timer closes it. A closed conversation binds nobody.
/// </summary>
internal sealed class ConversationStore
{
    public const string ProxyNumber = "+15005550006";

    private readonly Store _clock;
    public object Lock { get; } = new();
    public List<Conversation> Conversations { get; } = new();
    public Dictionary<string, Conversation> BySid { get; } = new(StringComparer.Ordinal);
    public List<InteractionChannel> Channels { get; } = new();
    public List<FlexTask> Tasks { get; } = new();
    public List<Worker> Workers { get; } = new();
    public List<AddressConfiguration> Addresses { get; } = new();
    public string WorkspaceSid { get; }
    /// <summary>The account's default timers (Conversations' /v1/Configuration), ISO 8601 durations; null when unset.</summary>
    public string? DefaultInactiveTimer { get; set; }
    public string? DefaultClosedTimer { get; set; }
    public string ChatServiceSid { get; }
    private int _made;

    public ConversationStore(Store clock)
    {
        _clock = clock;
        WorkspaceSid = Sids.Derive("WS", clock.AccountSid + "/workspace");
        ChatServiceSid = Sids.Derive("IS", clock.AccountSid + "/service");
    }

    public DateTimeOffset Now => _clock.Now;
    public string AccountSid => _clock.AccountSid;

    /// <summary>Runs the timers that are due (call under <see cref="Lock"/>).</summary>
    public void Tick()
    {
        var now = Now;
        foreach (var c in Conversations)
        {
            if (c.State == ConversationState.Closed) continue;
            if (c.DateClosed is { } closed && closed <= now) { c.State = ConversationState.Closed; c.DateUpdated = closed; }
            else if (c.State == ConversationState.Active && c.DateInactive is { } inactive && inactive <= now) { c.State = ConversationState.Inactive; c.DateUpdated = inactive; }
        }
    }

    /// <summary>The non-closed conversation that binds an address to a proxy address (call under <see cref="Lock"/>).</summary>
    public Conversation? Binding(string address, string proxy)
        => Conversations.FirstOrDefault(c => c.State != ConversationState.Closed && c.Participants.Any(p =>
            string.Equals(p.Address, address, StringComparison.OrdinalIgnoreCase) && string.Equals(p.ProxyAddress, proxy, StringComparison.OrdinalIgnoreCase)));

    public string NextSid(string prefix) => Sids.Derive(prefix, AccountSid + "/" + prefix + "/" + Interlocked.Increment(ref _made).ToString(CultureInfo.InvariantCulture));

    public Conversation Add(DateTimeOffset created, string? truth, string friendlyName = "")
    {
        var c = new Conversation { Sid = NextSid("CH"), ChatServiceSid = ChatServiceSid, DateCreated = created, DateUpdated = created, Truth = truth, FriendlyName = friendlyName };
        Conversations.Add(c);
        BySid[c.Sid] = c;
        return c;
    }

    public Participant AddParticipant(Conversation c, string? identity, string? address, string? proxy, DateTimeOffset at)
    {
        var p = new Participant { Sid = NextSid("MB"), Identity = identity, Address = address, ProxyAddress = proxy, DateCreated = at };
        c.Participants.Add(p);
        return p;
    }

    /// <summary>
    /// An inbound message from <paramref name="from"/> to <paramref name="to"/>: it lands in the conversation that binds
    /// the pair (an inactive one becomes active again), or auto-creates one (Address Configuration's autocreation).
    /// </summary>
    public (Conversation Conversation, bool Created) Inbound(string from, string to)
    {
        lock (Lock)
        {
            Tick();
            var now = Now;
            if (Binding(from, to) is { } bound)
            {
                bound.State = ConversationState.Active;
                bound.DateUpdated = now;
                return (bound, false);
            }
            var made = Add(now, null);
            AddParticipant(made, null, from, to, now);
            return (made, true);
        }
    }
}
