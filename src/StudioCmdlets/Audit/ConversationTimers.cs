using System.Xml;
using StudioCmdlets.Contract;

namespace StudioCmdlets.Audit
{
    /// <summary>
    /// Twilio's rules for conversation timers, and the audit of an account's: how long an orphaned conversation (no
    /// agent, no task) can hold its contact. A conversation holds its contact until it is closed, inactive included; a
    /// close timer closes it that long after it was last used; the account's defaults are the timers a conversation gets
    /// when it is created, and existing conversations are judged by their own (whether a change of the defaults reaches
    /// them is not documented).
    /// </summary>
    internal static class ConversationTimers
    {
        /// <summary>Twilio's minimum inactive timer (the Conversations API's description of DefaultInactiveTimer and Timers.Inactive).</summary>
        public static readonly TimeSpan MinInactive = TimeSpan.FromMinutes(1);
        /// <summary>Twilio's minimum closed timer (DefaultClosedTimer, Timers.Closed).</summary>
        public static readonly TimeSpan MinClosed = TimeSpan.FromMinutes(10);

        /// <summary>A duration as Twilio takes it: ISO 8601 (PT10M, P1DT2H), in whole seconds.</summary>
        public static string Iso(TimeSpan value) => XmlConvert.ToString(TimeSpan.FromSeconds(Math.Floor(value.TotalSeconds)));

        /// <summary>Twilio's ISO 8601 duration, in whole seconds; false when it is not one.</summary>
        public static bool TryParse(string? text, out TimeSpan value)
        {
            value = default;
            if (string.IsNullOrWhiteSpace(text)) return false;
            try { value = XmlConvert.ToTimeSpan(text!.Trim()); }
            catch (FormatException) { return false; }
            catch (OverflowException) { return false; }
            value = TimeSpan.FromSeconds(Math.Floor(value.TotalSeconds));
            return true;
        }

        public static StudioConversationAudit Audit(string accountSid, TimeSpan? inactive, TimeSpan? closed, IReadOnlyList<ConversationRecord> open,
            DateTimeOffset now, TimeSpan maxWait)
        {
            var findings = new List<StudioConversationFinding>();
            var inactiveNote = inactive is { } i
                ? $" Its default inactive timer ({Durations.Short(i)}) does not help: an inactive conversation still holds its contact."
                : "";
            findings.Add(closed is { } c
                ? new StudioConversationFinding
                {
                    AccountSid = accountSid, Rule = "DefaultClosedTimer", Level = HoldRating.Rate(c, maxWait), HoldsFor = c,
                    Detail = $"New conversations close {Durations.Short(c)} after they were last used: an orphan created from now on lets its contact go after that.",
                    Recommendation = c <= maxWait ? "None needed." : $"Set-StudioConversationSetting -DefaultClosedTimer {Iso(maxWait)} (or shorter), so an orphan lets its contact go within -MaxWait.",
                }
                : new StudioConversationFinding
                {
                    AccountSid = accountSid, Rule = "DefaultClosedTimer", Level = HoldRating.Rate(null, maxWait),
                    Detail = "New conversations get no close timer: an orphan (no agent, no task) holds its contact until someone closes it, and every message from that contact lands in it, unanswered." + inactiveNote,
                    Recommendation = $"Set-StudioConversationSetting -DefaultClosedTimer {Iso(maxWait)}: Twilio's own remedy for orphaned conversations.",
                });
            var forever = open.Where(o => o.DateClosed is null).Select(o => o.Sid).ToList();
            var late = open.Where(o => o.DateClosed is { } d && d - now > maxWait).ToList();
            if (forever.Count > 0)
                findings.Add(new StudioConversationFinding
                {
                    AccountSid = accountSid, Rule = "NoCloseTimer", Level = HoldRating.Rate(null, maxWait), ConversationSids = new StudioList<string>(forever),
                    Detail = $"{forever.Count} conversations that are not closed have no close timer: whichever of them is orphaned holds its contact until someone closes it. The account's defaults are what new conversations get: do not count on them for these.",
                    Recommendation = "Get-StudioStuckConversation | Where-Object State -eq Stranded | Close-StudioConversation closes the orphans among them now.",
                });
            if (late.Count > 0)
            {
                var longest = Durations.Since(now, late.Max(o => o.DateClosed!.Value));
                findings.Add(new StudioConversationFinding
                {
                    AccountSid = accountSid, Rule = "LongCloseTimer", Level = HoldRating.Rate(longest, maxWait), HoldsFor = longest,
                    ConversationSids = new StudioList<string>(late.Select(o => o.Sid).ToList()),
                    Detail = $"{late.Count} conversations that are not closed close only after more than {Durations.Short(maxWait)} from now (the latest in {Durations.Short(longest)}).",
                    Recommendation = "Get-StudioStuckConversation | Where-Object State -eq Stranded | Close-StudioConversation closes the orphans among them now.",
                });
            }
            return new StudioConversationAudit
            {
                AccountSid = accountSid, DefaultInactiveTimer = inactive, DefaultClosedTimer = closed, OrphanHoldsFor = closed,
                OpenConversations = open.Count, WithoutCloseTimer = forever.Count, CloseTimerBeyondMaxWait = late.Count,
                Errors = findings.Count(f => f.Level == StudioFindingSeverity.Error), Warnings = findings.Count(f => f.Level == StudioFindingSeverity.Warning),
                Findings = new StudioList<StudioConversationFinding>(findings),
            };
        }
    }
}
