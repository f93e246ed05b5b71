namespace StudioCmdlets.Commands
{
    /// <summary>Get-StudioSubaccount. Its help, the one source of its prose, is module/help/Get-StudioSubaccount.md.</summary>
    [Cmdlet(VerbsCommon.Get, "StudioSubaccount", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Get-StudioSubaccount.md")]
    [OutputType(typeof(StudioSubaccount))]
    public sealed class GetStudioSubaccountCommand : StudioCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? FriendlyName { get; set; }

        [Parameter]
        public StudioSubaccountStatus[] Status { get; set; } = { StudioSubaccountStatus.Active };

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            ScopeGiven(true, nameof(FriendlyName), nameof(Status), nameof(Connection));
            var names = (FriendlyName ?? Array.Empty<string>()).Select(n => new WildcardPattern(n.Trim(), WildcardOptions.IgnoreCase)).ToList();
            var parent = ActiveConnection;
            // One status asks Twilio to filter; several list every status and filter here.
            var one = Status.Distinct().Count() == 1 ? Status[0] : (StudioSubaccountStatus?)null;
            var client = Client;
            if (!TryRequest(t => MainKeyNeeded(client.ListSubaccountsAsync(one, t)), SidKind.Account, $"listing the subaccounts of {parent.AccountSid}",
                    parent.AccountSid, out var accounts)) return;
            var written = new List<StudioSubaccount>();
            foreach (var a in accounts)
            {
                if (!Status.Contains(a.Status) || (names.Count > 0 && !names.Any(p => p.IsMatch(a.FriendlyName)))) continue;
                Subaccounts.Register(parent, a.AccountSid);
                written.Add(a);
                WriteObject(a);
            }
            // A name without wildcards that matched nothing is a mistake worth saying, as Get-Item says it.
            foreach (var name in (FriendlyName ?? Array.Empty<string>()).Where(n => !WildcardPattern.ContainsWildcardCharacters(n)))
            {
                if (written.Any(a => string.Equals(a.FriendlyName, name.Trim(), StringComparison.OrdinalIgnoreCase))) continue;
                WriteError(StudioErrors.Record(new ItemNotFoundException($"No {string.Join(" or ", Status)} subaccount of {parent.AccountSid} is named '{name}'."),
                    ErrorIds.StudioSubaccountNotFound, ErrorCategory.ObjectNotFound, name, "Check the name, or give -Status Suspended, Closed to see the others."));
            }
        }

        /// <summary>A refusal of the Accounts API to an API key stops the command with an error that says what it takes.</summary>
        private async Task<IReadOnlyList<StudioSubaccount>> MainKeyNeeded(Task<IReadOnlyList<StudioSubaccount>> listing)
        {
            try
            {
                return await listing.ConfigureAwait(false);
            }
            catch (StudioRequestException ex) when (ActiveConnection.AuthType == StudioAuthType.ApiKey && ex.StatusCode is 401 or 403)
            {
                throw new MainKeyRequiredException(ActiveConnection, ex);
            }
        }

        /// <inheritdoc />
        protected override bool Explain(Exception ex)
        {
            if (ex is not MainKeyRequiredException refused) return false;
            ThrowTerminatingError(StudioErrors.Record(refused, ErrorIds.StudioMainKeyRequired, ErrorCategory.PermissionDenied, ActiveConnection.Username,
                "Connect with a Main API key (Twilio Console, API keys, key type Main), or with the account SID and its auth token."));
            return true;
        }

        private sealed class MainKeyRequiredException : Exception
        {
            public MainKeyRequiredException(StudioConnection c, StudioRequestException inner)
                : base($"Twilio refused to list the subaccounts of {c.AccountSid} to API key {c.Username} (HTTP {inner.StatusCode}, {inner.TwilioCode}): " +
                       "listing and reading accounts takes a Main API key or the account's auth token; a Standard key cannot.", inner) { }
        }
    }
}
