namespace StudioEmulator;

/// <summary>An account's status: Twilio's <c>account_enum_status</c>.</summary>
internal enum AccountStatus
{
    Active,
    Suspended,
    Closed,
}

/// <summary>
/// One Twilio account of the emulator: the parent, or one of its subaccounts. Each has its own Studio data (its
/// <see cref="Store"/> and routes), its own credentials and its own requests in flight, which its concurrency cap
/// counts: Twilio's limit is per account.
/// </summary>
internal sealed class Account
{
    public required string Sid { get; init; }
    public required string FriendlyName { get; init; }
    /// <summary>The parent's SID; a parent's own (Twilio: the owner of a main account is itself).</summary>
    public required string OwnerSid { get; init; }
    public required DateTimeOffset Created { get; init; }
    public volatile string AuthToken = "";
    /// <summary>Latency of this account's requests on top of the knob's: one slow account among fast ones.</summary>
    public volatile int ExtraLatencyMs;
    private volatile int _status;
    public AccountStatus Status { get => (AccountStatus)_status; set => _status = (int)value; }
    public required Store Store { get; init; }
    public required StudioApi Api { get; init; }
    /// <summary>Its Conversations, Flex interaction channels and TaskRouter workspace.</summary>
    public required ConversationStore Conversations { get; init; }
    /// <summary>The parent's API keys: a Main key may manage subaccounts, a Standard one may not.</summary>
    public (string Sid, string Secret)? MainKey { get; init; }
    public (string Sid, string Secret)? StandardKey { get; init; }
    public bool IsParent => Sid == OwnerSid;

    private int _inFlight;

    /// <summary>One more request of this account in flight: the count, for the cap.</summary>
    public int Enter() => Interlocked.Increment(ref _inFlight);

    public void Exit() => Interlocked.Decrement(ref _inFlight);
}
