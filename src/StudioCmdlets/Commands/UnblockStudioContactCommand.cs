using System.Management.Automation.Runspaces;

namespace StudioCmdlets.Commands
{
    /// <summary>Unblock-StudioContact. Its help, the one source of its prose, is module/help/Unblock-StudioContact.md.</summary>
    [Cmdlet(VerbsSecurity.Unblock, "StudioContact", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Unblock-StudioContact.md",
        SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(StudioUnblockRecord), typeof(StudioUnblockSummary))]
    public sealed class UnblockStudioContactCommand : PSCmdlet
    {
        private readonly List<(StudioBlockedContact Contact, StudioBlocker Blocker)> _toEnd = new List<(StudioBlockedContact, StudioBlocker)>();
        private readonly List<(StudioBlockedContact Contact, StudioBlocker Blocker)> _toClose = new List<(StudioBlockedContact, StudioBlocker)>();
        private readonly List<StudioUnblockRecord> _records = new List<StudioUnblockRecord>();
        private readonly HashSet<string> _contacts = new HashSet<string>(StringComparer.Ordinal);

        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        public StudioBlockedContact? InputObject { get; set; }

        [Parameter]
        [ValidateSet("Stranded", "Waiting")]
        public string[] State { get; set; } = { "Stranded" };

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter Summary { get; set; }

        [Parameter]
        public string? JournalPath { get; set; }

        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = StudioCmdlet.DefaultThrottleLimit;

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            if (MyInvocation.BoundParameters.ContainsKey(nameof(JournalPath)) && string.IsNullOrWhiteSpace(JournalPath))
                ThrowTerminatingError(StudioErrors.Record(new ArgumentException("-JournalPath is empty: nothing is ended or closed without the journal asked for."),
                    ErrorIds.EmptyJournalPath, ErrorCategory.InvalidArgument, JournalPath));
            if (State.Length == 0)
                ThrowTerminatingError(StudioErrors.Record(new ArgumentException("-State is empty: name Stranded and/or Waiting."), ErrorIds.EmptyStatus, ErrorCategory.InvalidArgument, State));
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var contact = InputObject;
            if (contact is null) return;
            _contacts.Add(contact.AccountSid + "|" + contact.ContactAddress);
            foreach (var b in contact.Blockers)
            {
                if (!State.Contains(b.State, StringComparer.OrdinalIgnoreCase))
                {
                    _records.Add(Record(contact, b, "LeftAlone"));
                    continue;
                }
                var verb = b.Kind == "Execution" ? "End Studio execution" : "Close conversation";
                if (!(Force || ShouldProcess($"{b.Kind.ToLowerInvariant()} {b.Sid} holding {contact.ContactAddress} ({b.State}, {b.Where})", verb)))
                {
                    var whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) ? LanguagePrimitives.IsTrue(w) : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
                    _records.Add(Record(contact, b, whatIf ? "SkippedByWhatIf" : "Declined"));
                    continue;
                }
                (b.Kind == "Execution" ? _toEnd : _toClose).Add((contact, b));
            }
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            // One Stop-StudioExecution and one Close-StudioConversation for every contact's approved blockers, at -ThrottleLimit:
            // their rules (the journal, retries, each outcome once) are theirs.
            if (_toEnd.Count > 0)
            {
                var done = Run("Stop-StudioExecution", _toEnd.Select(x => x.Blocker.Triage)).Select(o => o.BaseObject).OfType<StudioExecution>()
                    .ToDictionary(e => e.Sid, e => e.Outcome?.ToString() ?? "Ended", StringComparer.Ordinal);
                foreach (var (contact, b) in _toEnd) _records.Add(Record(contact, b, done.TryGetValue(b.Sid, out var o) ? o : "Failed"));
            }
            if (_toClose.Count > 0)
            {
                var done = Run("Close-StudioConversation", _toClose.Select(x => x.Blocker.Triage)).Select(o => o.BaseObject).OfType<StudioConversationClose>()
                    .ToDictionary(c => c.ConversationSid, c => c.Outcome, StringComparer.Ordinal);
                foreach (var (contact, b) in _toClose) _records.Add(Record(contact, b, done.TryGetValue(b.Sid, out var o) ? o : "Failed"));
            }
            foreach (var r in _records) WriteObject(r);
            if (!Summary) return;
            int N(params string[] outcomes) => _records.Count(r => outcomes.Contains(r.Outcome));
            WriteObject(new StudioUnblockSummary
            {
                Contacts = _contacts.Count, Blockers = _records.Count, Ended = N("Ended"), Closed = N("Closed"), AlreadyDone = N("AlreadyEnded", "AlreadyClosed"),
                LeftAlone = N("LeftAlone"), SkippedByWhatIf = N("SkippedByWhatIf"), Declined = N("Declined"), Failed = N("Failed", "NotAttempted"),
            });
        }

        private static StudioUnblockRecord Record(StudioBlockedContact contact, StudioBlocker b, string outcome) => new StudioUnblockRecord
        {
            ContactAddress = contact.ContactAddress, AccountSid = contact.AccountSid, Kind = b.Kind, Sid = b.Sid, State = b.State, Where = b.Where, Outcome = outcome,
        };

        private System.Collections.ObjectModel.Collection<PSObject> Run(string command, IEnumerable<object> input)
        {
            using (var ps = PowerShell.Create(RunspaceMode.CurrentRunspace))
            {
                ps.AddCommand(command).AddParameter("Confirm", false).AddParameter("PassThru", true).AddParameter("ThrottleLimit", ThrottleLimit);
                if (JournalPath is not null) ps.AddParameter("JournalPath", JournalPath);
                var results = ps.Invoke(input);
                foreach (var w in ps.Streams.Warning) WriteWarning(w.Message);
                foreach (var e in ps.Streams.Error) WriteError(e);
                return results;
            }
        }
    }
}
