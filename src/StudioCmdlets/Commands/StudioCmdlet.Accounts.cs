namespace StudioCmdlets.Commands
{
    /// <summary>
    /// Which account each request goes to. Objects carry their AccountSid; a command sends an object's requests to that
    /// account: the connection's own, or a subaccount Get-StudioSubaccount listed for it (with the subaccount's own
    /// credentials). An explicit -Connection takes only its own account's objects. Each account has its own client and
    /// adaptive limit (Twilio's concurrency limit is per account); a subaccount that refuses is one error, then skipped.
    /// </summary>
    public abstract partial class StudioCmdlet
    {
        private readonly Dictionary<string, IStudioClient> _clients = new Dictionary<string, IStudioClient>(StringComparer.Ordinal);
        private readonly HashSet<string> _refused = new HashSet<string>(StringComparer.Ordinal);
        private readonly Dictionary<string, AdaptiveLimit> _limits = new Dictionary<string, AdaptiveLimit>(StringComparer.Ordinal);

        /// <summary>Answers of 429 retried for an account's requests (null: the connection's own), or for all of them.</summary>
        internal long ThrottledIn(string? account = null, bool all = false)
        {
            if (!all) return _limits.TryGetValue(account == ActiveConnection.AccountSid ? "" : account ?? "", out var one) ? one.Throttled : 0;
            long sum = 0;
            foreach (var l in _limits.Values) sum += l.Throttled;
            return sum;
        }

        /// <summary>The subaccount the item in hand belongs to; null for the connection's own account.</summary>
        internal string? ItemAccount { get; private set; }

        /// <summary>The client of the account the item in hand belongs to (<see cref="UseAccount"/>), made on first use.</summary>
        internal IStudioClient Client => ClientOf(ItemAccount);

        private IStudioClient ClientOf(string? subaccount)
        {
            var key = subaccount ?? "";
            if (_clients.TryGetValue(key, out var client)) return client;
            var limit = subaccount is null ? Limit : new AdaptiveLimit(Throttle);
            _limits[key] = limit;
            client = subaccount is null
                ? ClientFor(ActiveConnection, limit)
                : ClientFor(Subaccounts.Find(ActiveConnection, subaccount)?.Connection ?? throw new InvalidOperationException($"No connection for {subaccount}: UseAccount first."), limit);
            _clients[key] = client;
            return client;
        }

        /// <summary>
        /// Points the command at the account of the item in hand. True when its requests can go there; false when they
        /// cannot: another account than -Connection's or one never listed (StudioAccountMismatch, no request), a
        /// subaccount that already refused (nothing more is written for it), or one whose token could not be read.
        /// </summary>
        internal bool UseAccount(string? accountSid, string target, string what, string? noun = null)
        {
            var account = Sid.Clean(accountSid);
            var active = ActiveConnection;
            ItemAccount = null;
            if (string.IsNullOrEmpty(account) || string.Equals(account, active.AccountSid, StringComparison.Ordinal)) return true;
            if (_refused.Contains(account!))
            {
                if (VerboseWanted) WriteVerbose($"Subaccount {account} refused this command earlier: {target} was not {what}.");
                return false;
            }
            var entry = ExplicitConnection is null ? Subaccounts.Find(active, account!) : null;
            if (entry is null)
            {
                WriteError(StudioErrors.Record(new InvalidOperationException(
                    $"{(noun is null ? "" : noun + " ")}{target} belongs to account {account}, but this connection is for account {active.AccountSid}; it was not {what}."),
                    ErrorIds.StudioAccountMismatch, ErrorCategory.PermissionDenied, target,
                    ExplicitConnection is null
                        ? "If it is a subaccount, list it first (Get-StudioSubaccount) so its requests go to it; else pass its connection with -Connection."
                        : "Pass the connection of that account with -Connection (Connect-StudioAccount -PassThru), or leave -Connection out for subaccounts."));
                return false;
            }
            if (entry.Connection is null)
            {
                var parent = ClientOf(null);
                if (!TryRequest(t => parent.FetchSubaccountTokenAsync(account!, t), SidKind.Account, $"reading the credentials of subaccount {account}", account!, out var token))
                    return false;
                using (token) entry.Connection = Subaccounts.ConnectionFor(active, account!, token);
            }
            ItemAccount = account;
            return true;
        }

        /// <summary>
        /// A fatal failure (credentials refused, account not active) of a subaccount's request, with the connection's own
        /// account still working: written once as StudioSubaccountRefused, and the subaccount skipped from then on.
        /// </summary>
        private bool RefusedSubaccount(Exception ex, ErrorRecord record)
        {
            var account = StudioErrors.Failure(ex)?.AccountSid;
            if (account is null || _connection is null || string.Equals(account, _connection.AccountSid, StringComparison.Ordinal)) return false;
            if (!_refused.Add(account)) return true;
            // Its token may have been rotated: the next command reads it again.
            if (Subaccounts.Find(_connection, account) is { } entry) entry.Connection = null;
            WriteError(StudioErrors.Record(new StudioRequestException(
                $"Subaccount {account} refused the request ({record.Exception.Message}); nothing more is sent to it in this command, and the other accounts carry on.",
                ex, StudioFailure.Answered, StudioErrors.Failure(ex)!.StatusCode, StudioErrors.Failure(ex)!.TwilioCode, StudioErrors.Failure(ex)!.MoreInfo) { AccountSid = account },
                ErrorIds.StudioSubaccountRefused, ErrorCategory.AuthenticationError, account,
                "Check the subaccount's status (Get-StudioSubaccount -Status Suspended, Closed); a rotated token is read again by the next command."));
            return true;
        }

        /// <summary>Whether the subaccount the item in hand belongs to has refused this command.</summary>
        internal bool ItemAccountRefused => ItemAccount is not null && _refused.Contains(ItemAccount);
    }
}
