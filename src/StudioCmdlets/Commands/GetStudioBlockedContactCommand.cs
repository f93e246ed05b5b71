using System.Collections.ObjectModel;
using System.Management.Automation.Runspaces;

namespace StudioCmdlets.Commands
{
    /// <summary>Get-StudioBlockedContact. Its help, the one source of its prose, is module/help/Get-StudioBlockedContact.md.</summary>
    [Cmdlet(VerbsCommon.Get, "StudioBlockedContact", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Get-StudioBlockedContact.md")]
    [OutputType(typeof(StudioBlockedContact))]
    public sealed class GetStudioBlockedContactCommand : PSCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? ContactAddress { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("account_sid")]
        [CleanSid]
        public string? AccountSid { get; set; }

        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = StudioCmdlet.DefaultThrottleLimit;

        [Parameter]
        public StudioAccount? Connection { get; set; }

        private bool _contactGivenEmpty;

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            if (MyInvocation.BoundParameters.ContainsKey(nameof(ContactAddress)) && (ContactAddress is null || ContactAddress.All(string.IsNullOrWhiteSpace)))
            {
                _contactGivenEmpty = true;
                ThrowTerminatingError(StudioErrors.Record(new ArgumentException("-ContactAddress is empty: name a contact, or leave it out for every blocked contact."),
                    ErrorIds.EmptyContactAddress, ErrorCategory.InvalidArgument, ContactAddress));
            }
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Connection)) && Connection is null)
                ThrowTerminatingError(StudioErrors.Record(new ArgumentException("-Connection is empty: pass a connection from Connect-StudioAccount -PassThru, or leave it out."),
                    ErrorIds.EmptyConnection, ErrorCategory.InvalidArgument, null));
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (_contactGivenEmpty) return;
            var account = AccountSid;
            AccountSid = null;
            // The two triages, each by its own cmdlet (one rule each), then grouped by contact with the one address rule.
            var executions = Run("Get-StudioStuckExecution", account);
            var conversations = Run("Get-StudioStuckConversation", account);
            var byContact = new List<(Address.Parts Key, string Contact, string? Account, List<StudioBlocker> Blockers)>();
            void Add(string? contact, string? accountSid, StudioBlocker blocker)
            {
                if (string.IsNullOrEmpty(contact)) return;
                var key = Address.Parse(contact);
                foreach (var entry in byContact)
                    if (entry.Account == accountSid && (Address.Same(entry.Key, key) || SameIdentity(entry.Contact, contact!))) { entry.Blockers.Add(blocker); return; }
                byContact.Add((key, contact!, accountSid, new List<StudioBlocker> { blocker }));
            }
            foreach (var e in executions.Select(o => o.BaseObject).OfType<StudioStuckExecution>())
                Add(e.ContactAddress, e.AccountSid, new StudioBlocker
                {
                    Kind = "Execution", Sid = e.Sid, State = e.State, Reason = e.Reason, BlockedFor = e.BlockedFor, Triage = e,
                    Where = $"{e.FlowName ?? e.FlowSid}{(e.Widget is null ? "" : " at " + e.Widget)}",
                });
            foreach (var c in conversations.Select(o => o.BaseObject).OfType<StudioStuckConversation>())
                Add(c.ContactAddress, c.AccountSid, new StudioBlocker
                {
                    Kind = "Conversation", Sid = c.Sid, State = c.State, Reason = c.Reason, BlockedFor = c.BlockedFor, Triage = c,
                    Where = c.ProxyAddress is null ? "chat" : "via " + c.ProxyAddress,
                });
            foreach (var (_, contact, accountSid, blockers) in byContact.OrderByDescending(b => b.Blockers.Max(x => x.BlockedFor)))
                WriteObject(new StudioBlockedContact
                {
                    ContactAddress = contact, AccountSid = accountSid,
                    Blockers = new StudioList<StudioBlocker>(blockers.OrderBy(b => b.Kind == "Execution" ? 0 : 1).ThenByDescending(b => b.BlockedFor).ToList()),
                });
        }

        // A web-chat guest: Studio names it client:guest-…, Conversations guest-….
        private static bool SameIdentity(string a, string b)
        {
            static string Bare(string s) => s.StartsWith("client:", StringComparison.OrdinalIgnoreCase) ? s.Substring(7) : s;
            return string.Equals(Bare(a), Bare(b), StringComparison.OrdinalIgnoreCase);
        }

        private Collection<PSObject> Run(string command, string? account)
        {
            using (var ps = PowerShell.Create(RunspaceMode.CurrentRunspace))
            {
                ps.AddCommand(command).AddParameter("ThrottleLimit", ThrottleLimit);
                if (ContactAddress is not null) ps.AddParameter("ContactAddress", ContactAddress);
                if (account is not null) ps.AddParameter("AccountSid", account);
                if (Connection is not null) ps.AddParameter("Connection", Connection);
                // Warnings (a contact that matched nothing) and errors are this command's: passed on as they are.
                var results = ps.Invoke();
                foreach (var w in ps.Streams.Warning) WriteWarning(w.Message);
                foreach (var e in ps.Streams.Error) WriteError(e);
                return results;
            }
        }
    }
}
