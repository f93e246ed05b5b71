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
            // One request for the defaults, then the conversations that are not closed (active, then inactive), 100 a page.
            if (!AccountSettings.Read(this, account, "audited", out var client, out var settings)) return;
            var sid = client.AccountSid;
            if (!TryRequest(async t =>
            {
                var all = new List<ConversationRecord>();
                foreach (var state in new[] { "active", "inactive" })
                {
                    string? next = null;
                    do
                    {
                        var page = await client.Engine.ConversationPageAsync(state, null, null, next, t).ConfigureAwait(false);
                        all.AddRange(page.Items);
                        next = page.NextPageUrl;
                    }
                    while (next is not null);
                }
                return all;
            }, SidKind.Conversation, $"listing the open conversations of {sid}", sid, out var open)) return;
            var audit = ConversationTimers.Audit(sid, Timer(settings.DefaultInactiveTimer, "default_inactive_timer"), Timer(settings.DefaultClosedTimer, "default_closed_timer"),
                open, DateTimeOffset.UtcNow, MaxWait);
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
