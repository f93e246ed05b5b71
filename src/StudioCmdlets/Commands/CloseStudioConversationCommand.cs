using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using StudioCmdlets.Contract;

namespace StudioCmdlets.Commands
{
    /// <summary>Close-StudioConversation. Its help, the one source of its prose, is module/help/Close-StudioConversation.md.</summary>
    [Cmdlet(VerbsCommon.Close, "StudioConversation", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Close-StudioConversation.md",
        SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(StudioConversationClose), typeof(StudioCloseSummary))]
    public sealed class CloseStudioConversationCommand : StudioBulkCmdlet
    {
        private readonly long[] _counts = new long[Enum.GetValues(typeof(StudioCloseOutcome)).Length];
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<string>>>> _workspaces = new ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<string>>>>(StringComparer.Ordinal);
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);
        private RequestPump<CloseItem, StudioConversationClose>? _pump;
        private CloseJournal? _journal;
        private bool _haltOnFailure;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("conversation_sid")]
        [CleanSid]
        [AllowNull, AllowEmptyString]
        public string? ConversationSid { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [CleanSid]
        public string? InteractionSid { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [CleanSid]
        public string? ChannelSid { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("contact")]
        public string? ContactAddress { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("account_sid")]
        [CleanSid]
        public string? AccountSid { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        [Parameter]
        public SwitchParameter Summary { get; set; }

        [Parameter]
        public string? JournalPath { get; set; }

        private sealed class CloseItem
        {
            public string Sid { get; init; } = "";
            public string? Account { get; init; }
            public string? Contact { get; init; }
            public string? InteractionSid { get; set; }
            public string? ChannelSid { get; set; }
            public bool Attempted { get; set; }
        }

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            ScopeGiven(true, nameof(ConversationSid), nameof(Connection));
            SafetyOptionGiven(nameof(JournalPath), ErrorIds.EmptyJournalPath, "there is no journal");
            _haltOnFailure = ErrorActionIsStop();
            _pump = StartPump<CloseItem, StudioConversationClose>("Closing conversations", Closed, Failed,
                () => $"{_counts[(int)StudioCloseOutcome.Closed]} closed, {_counts[(int)StudioCloseOutcome.Failed]} failed, {InFlight} in flight");
            if (JournalPath is not null && !WhatIfInEffect)
            {
                try { _journal = new CloseJournal(GetUnresolvedProviderPathFromPSPath(JournalPath)); }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
                {
                    ThrowTerminatingError(StudioErrors.Record(ex, ErrorIds.JournalNotWritable, ErrorCategory.WriteError, JournalPath,
                        "Give -JournalPath a file in a folder you can write to: nothing was closed."));
                }
            }
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            // Bound from one piped object, these must not stay for the next one that lacks them.
            // An empty CSV cell is no value (a conversation with no Flex channel exports its ChannelSid empty).
            var (sid, account, contact, kd, uo) = (ConversationSid, Blank(AccountSid), Blank(ContactAddress), Blank(InteractionSid), Blank(ChannelSid));
            (AccountSid, ContactAddress, InteractionSid, ChannelSid) = (null, null, null, null);
            if (Halted) return;
            if (string.IsNullOrWhiteSpace(sid))
            {
                WriteError(StudioErrors.Record(new ArgumentException("-ConversationSid is empty: name the conversation to close (CH...); nothing was closed."),
                    ErrorIds.EmptyConversationSid, ErrorCategory.InvalidArgument, sid));
                return;
            }
            if (!CheckSid(sid, SidKind.Conversation, nameof(ConversationSid))) return;
            if (!AccountReachable(account, sid!, "closed", "Conversation", out var subaccount)) return;
            if (!_seen.Add(sid!))
            {
                WriteVerbose($"Conversation {sid} was given again: it is closed once, and reported once.");
                return;
            }
            var item = new CloseItem { Sid = sid!, Account = subaccount, Contact = string.IsNullOrWhiteSpace(contact) ? null : contact!.Trim(), InteractionSid = kd, ChannelSid = uo };
            var what = $"conversation {sid}{(item.Contact is null ? "" : $" (contact {item.Contact})")}{(subaccount is null ? "" : $" in account {subaccount}")}";
            var action = uo is null ? "Close conversation (through its Flex interaction channel, when a task names one)" : $"Close Flex interaction channel {uo} and its conversation";
            if (!(Force || ShouldProcess(what, action)))
            {
                Record(item, WhatIfInEffect ? StudioCloseOutcome.SkippedByWhatIf : StudioCloseOutcome.Declined, null);
                return;
            }
            Submit(_pump!, item, async token =>
            {
                try { return await CloseAsync(item, token).ConfigureAwait(false); }
                catch (Exception ex) when (_haltOnFailure && StopsTheRun(ex))
                {
                    Halt(); // under -ErrorAction Stop nothing more goes on the wire from this moment
                    throw;
                }
            });
        }

        private async Task<StudioConversationClose> CloseAsync(CloseItem item, CancellationToken cancellation)
        {
            var client = await ClientOfAsync(item.Account, cancellation).ConfigureAwait(false);
            var output = new StudioConversationClose { ConversationSid = item.Sid, AccountSid = item.Account ?? client.AccountSid, ContactAddress = item.Contact };
            var now = await client.Engine.FetchConversationAsync(item.Sid, cancellation).ConfigureAwait(false);
            if (string.Equals(now.State, "closed", StringComparison.OrdinalIgnoreCase))
            {
                output.Result = StudioCloseOutcome.AlreadyClosed;
                return output;
            }
            if (item.ChannelSid is null)
            {
                // Flex names a conversation's interaction channel only in its tasks' attributes: the latest task that names one.
                var workspaces = await _workspaces.GetOrAdd(client.AccountSid, _ => new Lazy<Task<IReadOnlyList<string>>>(() => client.Engine.ListWorkspacesAsync(cancellation))).Value.ConfigureAwait(false);
                foreach (var ws in workspaces)
                    if ((await client.Engine.ListTasksAsync(ws, Array.Empty<string>(), item.Sid, cancellation).ConfigureAwait(false)).LastOrDefault(t => t.ChannelSid is not null && t.InteractionSid is not null) is { } task)
                        (item.InteractionSid, item.ChannelSid) = (task.InteractionSid, task.ChannelSid);
            }
            output.InteractionSid = item.InteractionSid;
            output.ChannelSid = item.ChannelSid;
            // Written ahead: from here the close may happen, whatever becomes of its answer.
            item.Attempted = true;
            _journal?.Write(output, "Attempted");
            if (item.InteractionSid is not null && item.ChannelSid is not null)
            {
                await client.Engine.CloseInteractionChannelAsync(item.InteractionSid, item.ChannelSid, cancellation).ConfigureAwait(false);
                output.ClosedVia = "InteractionChannel";
            }
            else
            {
                await client.Engine.CloseConversationAsync(item.Sid, cancellation).ConfigureAwait(false);
                output.ClosedVia = "Conversation";
            }
            output.Result = StudioCloseOutcome.Closed;
            return output;
        }

        private void Closed(CloseItem item, StudioConversationClose output) => Record(item, output.Result, output);

        private void Failed(CloseItem item, Exception error)
        {
            var notSent = StudioErrors.Failure(error)?.Failure == StudioFailure.NotSent;
            Record(item, notSent ? StudioCloseOutcome.NotAttempted : StudioCloseOutcome.Failed, null, notSent ? null : error.Message);
            if (notSent) return;
            try { Report(error, SidKind.Conversation, $"closing conversation {item.Sid}", item.Sid); }
            catch (Exception ex) when (ex is ActionPreferenceStopException || ex is PipelineStoppedException)
            {
                Halt();
                DrainPump();
                throw;
            }
        }

        private void Record(CloseItem item, StudioCloseOutcome outcome, StudioConversationClose? output, string? detail = null)
        {
            Count(outcome, 1);
            output ??= new StudioConversationClose { ConversationSid = item.Sid, AccountSid = item.Account, ContactAddress = item.Contact, InteractionSid = item.InteractionSid, ChannelSid = item.ChannelSid };
            output.Result = outcome;
            if (outcome is not (StudioCloseOutcome.SkippedByWhatIf or StudioCloseOutcome.Declined)) _journal?.Write(output, outcome.ToString(), detail);
            if (VerboseWanted) WriteVerbose($"{outcome}: conversation {item.Sid}{(item.Contact is null ? "" : $" (contact {item.Contact})")}{(output.ClosedVia is null ? "" : $", via its {output.ClosedVia}")}.");
            if (PassThru) WriteObject(output);
        }

        private void Count(StudioCloseOutcome outcome, long by) => _counts[(int)outcome] += by;

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            CompletePump();
            if (!Summary) return;
            long C(StudioCloseOutcome o) => _counts[(int)o];
            WriteObject(new StudioCloseSummary
            {
                Requested = _counts.Sum(), Closed = C(StudioCloseOutcome.Closed), AlreadyClosed = C(StudioCloseOutcome.AlreadyClosed),
                SkippedByWhatIf = C(StudioCloseOutcome.SkippedByWhatIf), Declined = C(StudioCloseOutcome.Declined), Failed = C(StudioCloseOutcome.Failed),
                NotAttempted = C(StudioCloseOutcome.NotAttempted), Duration = _watch.Elapsed,
            });
        }

        /// <inheritdoc />
        protected override void Dispose(bool disposing)
        {
            if (disposing) _journal?.Dispose();
            base.Dispose(disposing);
        }

        /// <summary>
        /// The write-ahead journal of a run (JSON Lines): an Attempted line before each close request goes out, then the
        /// outcome; every line names the conversation, its account and its contact, never a secret.
        /// </summary>
        private sealed class CloseJournal : IDisposable
        {
            private readonly JournalLines _lines;

            public CloseJournal(string path) => _lines = new JournalLines(path, Guid.NewGuid().ToString("N"));

            public void Write(StudioConversationClose c, string outcome, string? detail = null) => _lines.Write(outcome, c.ConversationSid, w =>
            {
                JournalLines.Text(w, "accountSid", c.AccountSid);
                JournalLines.Text(w, "contact", c.ContactAddress);
                if (c.ChannelSid is not null) w.WriteString("channelSid", c.ChannelSid);
                if (c.ClosedVia is not null) w.WriteString("via", c.ClosedVia);
                if (detail is not null) w.WriteString("detail", detail);
            });

            public void Dispose() => _lines.Dispose();
        }
    }
}
