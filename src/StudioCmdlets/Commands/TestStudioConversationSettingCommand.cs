using StudioCmdlets.Contract;

namespace StudioCmdlets.Commands
{
    /// <summary>Test-StudioConversationSetting. Its help, the one source of its prose, is module/help/Test-StudioConversationSetting.md.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "StudioConversationSetting", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Test-StudioConversationSetting.md")]
    [OutputType(typeof(StudioConversationFinding), typeof(StudioConversationAudit))]
    public sealed class TestStudioConversationSettingCommand : StudioCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("account_sid")]
        [CleanSid]
        public string? AccountSid { get; set; }

        [Parameter]
        public TimeSpan MaxWait { get; set; } = StudioCatalogue.DefaultMaxWait;

        [Parameter]
        public SwitchParameter Summary { get; set; }

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            ScopeGiven(true, nameof(Connection));
            FlowInput.MaxWaitValid(this, MaxWait);
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var account = AccountSid;
            AccountSid = null; // bound from one piped object, it must not stay for the next
            // One request for the defaults, then the conversations that are not closed (active and inactive, 100 a page).
            if (!AccountSettings.Read(this, account, "audited", out var client, out var settings)) return;
            var sid = client.AccountSid;
            // The one walk of an account's conversations (ConversationReader), of the states that hold a contact.
            var open = new System.Collections.Concurrent.ConcurrentBag<ConversationRecord>();
            var reader = new ConversationReader(null, new string?[] { "active", "inactive" }, null, null);
            if (!TryRequest(t => reader.ReadAsync(client, new ConversationScope(null, null), (c, _) => { open.Add(c); return Task.CompletedTask; }, t),
                SidKind.Conversation, $"listing the open conversations of {sid}", sid)) return;
            var audit = ConversationTimers.Audit(sid, Timer(settings.DefaultInactiveTimer, "default_inactive_timer"), Timer(settings.DefaultClosedTimer, "default_closed_timer"),
                open.OrderByDescending(c => c.DateCreated).ThenBy(c => c.Sid, StringComparer.Ordinal).ToList(), DateTimeOffset.UtcNow, MaxWait);
            if (Summary) WriteObject(audit);
            else WriteObject(audit.Findings, enumerateCollection: true);
        }

        private TimeSpan? Timer(string? text, string name)
        {
            if (text is null) return null;
            if (ConversationTimers.TryParse(text, out var value)) return value;
            WriteWarning($"Twilio gave {name} as '{text}', which is not an ISO 8601 duration: it is taken as unset.");
            return null;
        }
    }
}
