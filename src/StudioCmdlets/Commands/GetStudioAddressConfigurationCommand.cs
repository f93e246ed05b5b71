namespace StudioCmdlets.Commands
{
    /// <summary>Get-StudioAddressConfiguration. Its help, the one source of its prose, is module/help/Get-StudioAddressConfiguration.md.</summary>
    [Cmdlet(VerbsCommon.Get, "StudioAddressConfiguration", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Get-StudioAddressConfiguration.md")]
    [OutputType(typeof(StudioAddressConfiguration))]
    public sealed class GetStudioAddressConfigurationCommand : StudioCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Address { get; set; }

        [Parameter]
        [ValidateSet("sms", "whatsapp", "messenger", "gbm", "email", "rcs", "apple", "chat")]
        public string? Type { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("account_sid")]
        [CleanSid]
        public string? AccountSid { get; set; }

        private ContactFilter? _addresses;

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            ScopeGiven(true, nameof(Address), nameof(Connection));
            // Our numbers match as contacts' do: any format, whatsapp: prefixes, wildcards.
            _addresses = ContactFilter.From(Address);
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var account = AccountSid;
            AccountSid = null; // bound from one piped object, it must not stay for the next
            if (!UseAccount(account, account ?? "", "read", "Subaccount")) return;
            var client = Client;
            var (sid, type) = (client.AccountSid, Type);
            if (!TryRequest(t => client.Engine.ListAddressConfigurationsAsync(type, t), SidKind.Account, $"listing the address configurations of {sid}", sid, out var all)) return;
            var found = all.Where(a => _addresses!.Matches(a.Address)).ToList();
            // A flow's name from the account's flows (one listing), only when an address leads to a flow.
            var flows = found.Any(a => a.StudioFlowSid is not null) ? AllFlows() : null;
            foreach (var a in found)
            {
                WriteObject(new StudioAddressConfiguration
                {
                    Sid = a.Sid, AccountSid = string.IsNullOrEmpty(a.AccountSid) ? sid : a.AccountSid, Address = a.Address, Type = a.Type, FriendlyName = a.FriendlyName,
                    AutoCreation = a.AutoCreationEnabled, Target = a.AutoCreationType is { } t ? ConversationTriage.Word(t) : null,
                    FlowSid = a.StudioFlowSid, FlowName = a.StudioFlowSid is { } f ? flows?.FirstOrDefault(x => x.Sid == f)?.FriendlyName : null,
                    WebhookUrl = a.WebhookUrl, ConversationServiceSid = a.ConversationServiceSid,
                });
            }
        }
    }
}
