namespace StudioEmulator;

/// <summary>
/// The accounts the emulator hosts: a parent and its subaccounts (none unless <c>--subaccounts</c>). Studio answers
/// each account only to its own credentials, so the parent's credentials see the parent's Studio data: exactly the
/// mistake a client's account check must catch. The 2010 Accounts API lets the parent list its subaccounts and read
/// their auth tokens.
/// </summary>
internal sealed class Fleet
{
    private readonly List<Account> _accounts = new();
    private readonly Dictionary<string, Account> _bySid = new(StringComparer.Ordinal);

    public Fleet(Account parent) => Add(parent);

    public Account Parent => _accounts[0];

    /// <summary>The parent first, then the subaccounts in the order they were made.</summary>
    public IReadOnlyList<Account> All => _accounts;

    public void Add(Account account)
    {
        _accounts.Add(account);
        _bySid[account.Sid] = account;
    }

    public Account? Find(string sid) => _bySid.GetValueOrDefault(sid);

    /// <summary>The account a Basic user name speaks for (before its password is checked): an account SID or a key of the parent.</summary>
    public Account? ForUser(string? user)
    {
        if (user is null) return null;
        if (_bySid.TryGetValue(user, out var account)) return account;
        var parent = Parent;
        return parent.MainKey?.Sid == user || parent.StandardKey?.Sid == user ? parent : null;
    }

    /// <summary>How a request authenticated: as which account, with which kind of credential; null when it did not.</summary>
    public (Account Account, bool StandardKey)? Authenticate(string? user, string? password)
    {
        var account = ForUser(user);
        if (account is null || password is null || account.Status == AccountStatus.Closed) return null;
        if (user == account.Sid && password == account.AuthToken) return (account, false);
        if (account.MainKey is { } main && user == main.Sid && password == main.Secret) return (account, false);
        if (account.StandardKey is { } standard && user == standard.Sid && password == standard.Secret) return (account, true);
        return null;
    }

    /// <summary>
    /// Builds the parent and <see cref="EmulatorOptions.Subaccounts"/> subaccounts, each with a blackout of its own
    /// (seeded from the emulator's seed and its place, so the same options make the same fleet).
    /// </summary>
    public static Fleet Create(EmulatorOptions o, TimeProvider clock, Knobs knobs)
    {
        var parentStore = new Store(o.AccountSid, clock);
        Scenario.Load(parentStore, o);
        var parentConversations = new ConversationStore(parentStore);
        if (o.Scenario == "blackout") ConversationScenario.Load(parentConversations, parentStore, o.Conversations, o.Seed);
        var fleet = new Fleet(new Account
        {
            Sid = o.AccountSid, OwnerSid = o.AccountSid, FriendlyName = "Emulator parent account", Created = parentStore.Now.AddYears(-3),
            AuthToken = o.AuthToken, Store = parentStore, Api = new StudioApi(parentStore, knobs), Conversations = parentConversations,
            MainKey = (o.ApiKeySid, o.ApiKeySecret), StandardKey = (o.StandardKeySid, o.StandardKeySecret),
        });
        for (var i = 1; i <= o.Subaccounts; i++)
        {
            var rng = new Random(o.Seed * 7919 + i);
            var sid = Sids.Random("AC", rng);
            var store = new Store(sid, clock);
            var scenario = new EmulatorOptions { Seed = o.Seed * 1000 + i, Executions = o.SubaccountExecutions, Stuck = o.SubaccountStuck, AccountSid = sid, Now = o.Now };
            Scenario.Load(store, scenario);
            var conversations = new ConversationStore(store);
            if (o.Scenario == "blackout") ConversationScenario.Load(conversations, store, o.SubaccountConversations, scenario.Seed);
            fleet.Add(new Account
            {
                Sid = sid, OwnerSid = o.AccountSid, FriendlyName = $"Customer {i:000}", Created = parentStore.Now.AddDays(-400 + i),
                AuthToken = Sids.Random("tk", rng)[2..], Store = store, Api = new StudioApi(store, knobs), Conversations = conversations,
            });
        }
        return fleet;
    }
}
