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
            IReadOnlyList<StudioSubaccount> accounts;
            try { accounts = Guarded(() => client.ListSubaccountsAsync(one, Cancellation).GetAwaiter().GetResult()); }
            catch (StudioRequestException ex) when (parent.AuthType == StudioAuthType.ApiKey && ex.StatusCode is 401 or 403)
            {
                // The Accounts API refuses a Standard key: say what it takes.
                ThrowTerminatingError(StudioErrors.Record(new StudioRequestException(
                    $"Twilio refused to list the subaccounts of {parent.AccountSid} to API key {parent.Username} (HTTP {ex.StatusCode}, {ex.TwilioCode}): " +
                    "listing and reading accounts takes a Main API key or the account's auth token; a Standard key cannot.", ex, StudioFailure.Answered, ex.StatusCode, ex.TwilioCode, ex.MoreInfo),
                    ErrorIds.StudioMainKeyRequired, ErrorCategory.PermissionDenied, parent.Username,
                    "Connect with a Main API key (Twilio Console, API keys, key type Main), or with the account SID and its auth token."));
                return;
            }
            catch (StudioRequestException ex)
            {
                Report(ex, SidKind.Account, $"listing the subaccounts of {parent.AccountSid}", parent.AccountSid);
                return;
            }
            var written = new List<StudioSubaccount>();
            foreach (var a in accounts)
            {
                if (!Status.Contains(a.Status) || (names.Count > 0 && !names.Any(p => p.IsMatch(a.FriendlyName)))) continue;
                // The list gave the subaccount's token: its connection is made now, and its first request needs no read of it.
                Subaccounts.Register(parent, a.AccountSid, a.Token);
                a.Token = null;
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
    }
}
