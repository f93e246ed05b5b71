using System.Collections.Concurrent;

namespace StudioCmdlets.Commands
{
    /// <summary>
    /// Which account each request goes to. Objects carry their AccountSid; a command sends an object's requests to that
    /// account: the connection's own, or a subaccount Get-StudioSubaccount listed for it (with the subaccount's own
    /// credentials). An explicit -Connection takes only its own account's objects. Each account has its own client and
    /// adaptive limit (Twilio's concurrency limit is per account), shared with the other commands of the pipeline, and all
    /// of the pipeline's requests share one -ThrottleLimit (<see cref="PipelineBudget"/>); a subaccount that refuses is
    /// one error, then skipped. Clients are made from any thread.
    /// </summary>
    public abstract partial class StudioCmdlet
    {
        private readonly ConcurrentDictionary<string, Lazy<StudioClient>> _clients = new ConcurrentDictionary<string, Lazy<StudioClient>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, CommandLimit> _limits = new ConcurrentDictionary<string, CommandLimit>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Task<StudioClient>> _connecting = new ConcurrentDictionary<string, Task<StudioClient>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, bool> _refused = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

        /// <summary>The pipeline's -ThrottleLimit across all its accounts: every request holds a place while on the wire.</summary>
        private SemaphoreSlim Total => Budget.Total;

        /// <summary>Accounts this command has sent requests to (at least one): the pump keeps room for each, up to 16.</summary>
        internal int AccountsInUse => Math.Min(16, Math.Max(1, _clients.Count));

        /// <summary>Answers of 429 retried for an account's requests (the connection's own when null).</summary>
        internal long ThrottledIn(string? account)
            => _limits.TryGetValue(account == ActiveConnection.AccountSid ? "" : account ?? "", out var one) ? one.Throttled : 0;

        /// <summary>Answers of 429 retried for all of this command's accounts.</summary>
        internal long ThrottledTotal => _limits.Values.Sum(l => (long)l.Throttled);

        /// <summary>The subaccount the item in hand belongs to; null for the connection's own account.</summary>
        internal string? ItemAccount { get; private set; }

        /// <summary>The client of the account the item in hand belongs to (<see cref="UseAccount"/>), made on first use.</summary>
        internal StudioClient Client => ClientOf(ItemAccount);

        /// <summary>A client for a given connection, at a given concurrency (each account has its own: Twilio's limit is per account).</summary>
        internal StudioClient ClientFor(StudioConnection connection, IRequestLimit limit)
            => DependencyLoader.CreateClient(connection, Trace, limit, _halting.Token, Health, Total);

        /// <summary>The client of an account whose connection is known (the connection's own, or a subaccount's once its token was read).</summary>
        private StudioClient ClientOf(string? subaccount)
        {
            var parent = _connection ?? ActiveConnection;
            return _clients.GetOrAdd(subaccount ?? "", key => new Lazy<StudioClient>(() =>
            {
                var connection = subaccount is null ? parent
                    : Subaccounts.Find(parent, subaccount)?.Connection ?? throw new InvalidOperationException($"No connection for {subaccount}: its token was not read.");
                var limit = _limits.GetOrAdd(key, k => new CommandLimit(
                    Budget.LimitOf(connection.Endpoint + "|" + connection.AccountSid, k.Length == 0 ? Throttle : SubaccountShare, subaccount: k.Length > 0)));
                return ClientFor(connection, limit);
            }, LazyThreadSafetyMode.PublicationOnly)).Value; // a failure is not kept: the next call tries again
        }

        /// <summary>
        /// The most of the -ThrottleLimit one subaccount may hold (half of this command's, at least one): a slow subaccount,
        /// whose requests stay on the wire, never takes every place while the others wait.
        /// </summary>
        internal int SubaccountShare => Math.Max(1, (Throttle + 1) / 2);

        /// <summary>
        /// The client of a subaccount (null: the connection's own) from any thread, reading the subaccount's token with the
        /// parent's credentials the first time (once, however many requests ask at once). Check the account on the
        /// pipeline thread first (<see cref="AccountReachable"/>).
        /// </summary>
        internal Task<StudioClient> ClientOfAsync(string? subaccount, CancellationToken cancellation)
        {
            if (subaccount is null) return Task.FromResult(ClientOf(null));
            var parent = _connection ?? throw new InvalidOperationException("The connection is resolved on the pipeline thread first.");
            var entry = Subaccounts.Find(parent, subaccount) ?? throw new InvalidOperationException($"Subaccount {subaccount} was not listed.");
            if (entry.Connection is not null) return Task.FromResult(ClientOf(subaccount));
            return _connecting.GetOrAdd(subaccount, async sid =>
            {
                try
                {
                    using (var token = await ClientOf(null).FetchSubaccountTokenAsync(sid, cancellation).ConfigureAwait(false))
                    {
                        lock (entry) entry.Connection ??= Subaccounts.ConnectionFor(parent, sid, token);
                    }
                    return ClientOf(sid);
                }
                catch
                {
                    _connecting.TryRemove(sid, out _); // the next item asks again
                    throw;
                }
            });
        }

        /// <summary>
        /// On the pipeline thread, whether an item of <paramref name="accountSid"/> can be sent: true with the subaccount
        /// (null for the connection's own account) to give <see cref="ClientOfAsync"/>; false when it cannot: another
        /// account than -Connection's or one never listed (StudioAccountMismatch written, no request), or a subaccount
        /// that already refused (nothing more is written for it).
        /// </summary>
        internal bool AccountReachable(string? accountSid, string target, string what, string? noun, out string? subaccount)
        {
            var account = Sid.Clean(accountSid);
            var active = ActiveConnection;
            subaccount = null;
            if (string.IsNullOrEmpty(account) || string.Equals(account, active.AccountSid, StringComparison.Ordinal)) return true;
            if (CanReach(account!))
            {
                subaccount = account;
                return true;
            }
            if (_refused.ContainsKey(account!))
            {
                if (VerboseWanted) WriteVerbose($"Subaccount {account} refused this command earlier: {target} was not {what}.");
                return false;
            }
            WriteError(StudioErrors.Record(new InvalidOperationException(
                $"{(noun is null ? "" : noun + " ")}{target} belongs to account {account}, but this connection is for account {active.AccountSid}; it was not {what}."),
                ErrorIds.StudioAccountMismatch, ErrorCategory.PermissionDenied, target,
                ExplicitConnection is null
                    ? "If it is a subaccount, list it first (Get-StudioSubaccount) so its requests go to it; else pass its connection with -Connection."
                    : "Pass the connection of that account with -Connection (Connect-StudioAccount -PassThru), or leave -Connection out for subaccounts."));
            return false;
        }

        /// <summary>
        /// Whether an item of <paramref name="accountSid"/> can be sent, with nothing written: the connection's own account,
        /// or, without an explicit -Connection, a subaccount listed for it that has not refused this command.
        /// </summary>
        internal bool CanReach(string accountSid)
        {
            var active = ActiveConnection;
            if (string.Equals(accountSid, active.AccountSid, StringComparison.Ordinal)) return true;
            return ExplicitConnection is null && !_refused.ContainsKey(accountSid) && Subaccounts.Find(active, accountSid) is not null;
        }

        /// <summary>
        /// Points the command at the account of the item in hand (<see cref="Client"/> then is its client), reading a
        /// subaccount's token on the pipeline thread if needed. False when its requests cannot go there
        /// (<see cref="AccountReachable"/>), or its token could not be read (the error written).
        /// </summary>
        internal bool UseAccount(string? accountSid, string target, string what, string? noun = null)
        {
            ItemAccount = null;
            if (!AccountReachable(accountSid, target, what, noun, out var subaccount)) return false;
            if (subaccount is not null
                && !TryRequest(t => ClientOfAsync(subaccount, t), SidKind.Account, $"reading the credentials of subaccount {subaccount}", subaccount, out _)) return false;
            ItemAccount = subaccount;
            return true;
        }

        /// <summary>
        /// A fatal failure (credentials refused, account not active) of a subaccount's request, with the connection's own
        /// account still working: written once as StudioSubaccountRefused, and the subaccount skipped from then on.
        /// </summary>
        private bool RefusedSubaccount(Exception ex, ErrorRecord record)
        {
            var failure = StudioErrors.Failure(ex);
            var account = failure?.AccountSid;
            if (failure is null || account is null || _connection is null || string.Equals(account, _connection.AccountSid, StringComparison.Ordinal)) return false;
            if (!_refused.TryAdd(account, true)) return true;
            // Its token may have been rotated: the next command reads it again.
            if (Subaccounts.Find(_connection, account) is { } entry) lock (entry) entry.Connection = null;
            WriteError(StudioErrors.Record(new StudioRequestException(
                $"Subaccount {account} refused the request ({record.Exception.Message}); nothing more is sent to it in this command, and the other accounts carry on.",
                ex, StudioFailure.Answered, failure.StatusCode, failure.TwilioCode, failure.MoreInfo, accountSid: account),
                ErrorIds.StudioSubaccountRefused, ErrorCategory.AuthenticationError, account,
                "Check the subaccount's status (Get-StudioSubaccount -Status Suspended, Closed); a rotated token is read again by the next command."));
            return true;
        }

        /// <summary>Whether this command sent requests to an account (the connection's own, or a subaccount's client was made).</summary>
        internal bool Reached(string account) => account == _connection?.AccountSid || _clients.ContainsKey(account);
    }
}
