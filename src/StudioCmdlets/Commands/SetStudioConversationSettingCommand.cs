namespace StudioCmdlets.Commands
{
    /// <summary>Set-StudioConversationSetting. Its help, the one source of its prose, is module/help/Set-StudioConversationSetting.md.</summary>
    [Cmdlet(VerbsCommon.Set, "StudioConversationSetting", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Set-StudioConversationSetting.md",
        SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(StudioConversationSettingChange))]
    public sealed class SetStudioConversationSettingCommand : StudioCmdlet
    {
        [Parameter]
        public TimeSpan? DefaultInactiveTimer { get; set; }

        [Parameter]
        public TimeSpan? DefaultClosedTimer { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("account_sid")]
        [CleanSid]
        public string? AccountSid { get; set; }

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            ScopeGiven(true, nameof(Connection));
            if (DefaultInactiveTimer is null && DefaultClosedTimer is null)
                ThrowTerminatingError(StudioErrors.Record(new ArgumentException("Give -DefaultClosedTimer, -DefaultInactiveTimer or both: there is nothing to set, and nothing was sent."),
                    ErrorIds.NoConversationSetting, ErrorCategory.InvalidArgument, null));
            // Twilio's minimums, checked before any request: a shorter timer would be refused (50380) after the change was asked.
            foreach (var (value, name, minimum) in new[] { (DefaultInactiveTimer, nameof(DefaultInactiveTimer), ConversationTimers.MinInactive), (DefaultClosedTimer, nameof(DefaultClosedTimer), ConversationTimers.MinClosed) })
            {
                if (value is not { } v || v >= minimum) continue;
                ThrowTerminatingError(StudioErrors.Record(new ArgumentException(
                    $"-{name} must be at least {Durations.Short(minimum)}, Twilio's minimum (got {v}); nothing was sent."),
                    ErrorIds.InvalidConversationTimer, ErrorCategory.InvalidArgument, v));
            }
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var account = AccountSid;
            AccountSid = null; // bound from one piped object, it must not stay for the next
            // The values before, read first: shown in the confirmation and written out, so they can be put back.
            if (!AccountSettings.Read(this, account, "changed", out var client, out var before)) return;
            var sid = client.AccountSid;
            var changes = new List<StudioConversationSettingChange>();
            void Plan(TimeSpan? after, string? was, string name)
            {
                if (after is not { } a) return;
                TimeSpan? old = ConversationTimers.TryParse(was, out var o) ? o : null;
                changes.Add(new StudioConversationSettingChange { AccountSid = sid, Setting = name, Before = old, After = TimeSpan.FromSeconds(Math.Floor(a.TotalSeconds)) });
            }
            Plan(DefaultInactiveTimer, before.DefaultInactiveTimer, nameof(DefaultInactiveTimer));
            Plan(DefaultClosedTimer, before.DefaultClosedTimer, nameof(DefaultClosedTimer));
            var needed = changes.Where(c => c.Before != c.After).ToList();
            foreach (var c in changes.Except(needed)) c.Outcome = "Unchanged";
            if (needed.Count > 0)
            {
                var what = string.Join(", ", needed.Select(c => $"{c.Setting} from {(c.Before is { } b ? Durations.Short(b) : "unset")} to {Durations.Short(c.After)}"));
                if (!ShouldProcess($"account {sid}: {what} (conversations that exist keep their timers)", "Set the Conversations defaults"))
                    foreach (var c in needed) c.Outcome = WhatIfInEffect ? "SkippedByWhatIf" : "Declined";
                else
                {
                    string? Value(string name) => needed.FirstOrDefault(c => c.Setting == name) is { } c ? ConversationTimers.Iso(c.After) : null;
                    var sent = TryRequest(t => client.Engine.UpdateConversationSettingsAsync(Value(nameof(DefaultInactiveTimer)), Value(nameof(DefaultClosedTimer)), t),
                        SidKind.Account, $"setting the Conversations defaults of {sid}", sid, out _);
                    foreach (var c in needed) c.Outcome = sent ? "Changed" : "Failed";
                }
            }
            WriteObject(changes, enumerateCollection: true);
        }
    }
}
