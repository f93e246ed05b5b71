using System.Collections.Concurrent;
using StudioCmdlets.Contract;

namespace StudioCmdlets.Commands
{
    /// <summary>
    /// What Get-StudioConversation and Get-StudioStuckConversation share: -ConversationSid, -ContactAddress and -AccountSid
    /// from the pipeline, each account's scope read off the pipeline thread (a fleet's accounts side by side, each within
    /// its own limit), and every result written as soon as it is ready.
    /// </summary>
    public abstract class ConversationListing<TOut> : StudioBulkCmdlet where TOut : class
    {
        private readonly HashSet<string> _accountsDone = new HashSet<string>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, bool> _sidsDone = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        private readonly ConcurrentQueue<TOut> _ready = new ConcurrentQueue<TOut>();
        private RequestPump<ConversationScope, List<(string Target, Exception Error)>>? _pump;
        private long _written;

        /// <summary>Conversations by SID (CH...); left out, every conversation the other filters let through.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("conversation_sid")]
        [CleanSid]
        public string[]? ConversationSid { get; set; }

        /// <summary>Conversations holding these contacts: phone numbers in any format, channel addresses (whatsapp:+...), chat identities.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? ContactAddress { get; set; }

        /// <summary>The account the piped item belongs to (a subaccount's conversations are read with its own credentials).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("account_sid")]
        [CleanSid]
        public string? AccountSid { get; set; }

        internal ConversationReader Reader { get; private set; } = null!;

        /// <summary>The reader for this command's filters (Twilio's state words to list, creation dates).</summary>
        internal abstract ConversationReader MakeReader();

        /// <summary>What the progress bar says is being done.</summary>
        internal abstract string Activity { get; }

        /// <summary>Works out one conversation (off the pipeline thread) and hands its output, if any, to <see cref="Ready"/>.</summary>
        internal abstract Task HandleAsync(StudioClient client, ConversationRecord conversation, ParticipantRecord? contact, CancellationToken cancellation);

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            ScopeGiven(true, nameof(ConversationSid), nameof(ContactAddress), nameof(Connection));
            Reader = MakeReader();
            _pump = StartPump<ConversationScope, List<(string Target, Exception Error)>>(Activity, ScopeRead, ScopeFailed,
                () => $"{_written} conversations, {InFlight} accounts in flight", WriteReady);
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (!ScopeGiven(false, nameof(ConversationSid))) return;
            var account = AccountSid;
            AccountSid = null; // bound from one piped object, it must not stay for the next
            if (!AccountReachable(account, account ?? "", "read", "Subaccount", out var subaccount)) return;
            List<string>? sids = null;
            if (ConversationSid is not null)
            {
                sids = ConversationSid.Where(s => CheckSid(s, SidKind.Conversation, nameof(ConversationSid)) && _sidsDone.TryAdd(s, true)).ToList();
                ConversationSid = null;
                if (sids.Count == 0) return;
            }
            else if (!_accountsDone.Add(subaccount ?? "")) return; // that account's conversations are already being read
            var scope = new ConversationScope(subaccount, sids);
            Submit(_pump!, scope, token => ReadScopeAsync(scope, token));
        }

        private async Task<List<(string Target, Exception Error)>> ReadScopeAsync(ConversationScope scope, CancellationToken cancellation)
        {
            var client = await ClientOfAsync(scope.Subaccount, cancellation).ConfigureAwait(false);
            var failures = new List<(string, Exception)>();
            await Reader.ReadAsync(client, scope, async (c, contact) =>
            {
                try { await HandleAsync(client, c, contact, cancellation).ConfigureAwait(false); }
                catch (Exception ex) when (!cancellation.IsCancellationRequested)
                {
                    lock (failures) failures.Add((c.Sid, ex));
                }
            }, cancellation).ConfigureAwait(false);
            return failures;
        }

        /// <summary>From any thread: one result, written on the pipeline thread at the next chance.</summary>
        internal void Ready(TOut output)
        {
            _ready.Enqueue(output);
            _pump?.Wake();
        }

        private void WriteReady()
        {
            while (_ready.TryDequeue(out var output))
            {
                _written++;
                WriteObject(output);
            }
        }

        private void ScopeRead(ConversationScope scope, List<(string Target, Exception Error)> failures)
        {
            WriteReady();
            foreach (var (target, error) in failures) Report(error, SidKind.Conversation, $"reading conversation {target}", target);
        }

        private void ScopeFailed(ConversationScope scope, Exception error)
        {
            WriteReady();
            if (scope.Sids is { Count: > 0 } sids) Report(error, SidKind.Conversation, $"reading conversation {string.Join(", ", sids)}", sids[0]);
            else Report(error, SidKind.Account, $"listing the conversations of {(scope.Subaccount is null ? "the account" : "subaccount " + scope.Subaccount)}",
                scope.Subaccount ?? ActiveConnection.AccountSid);
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            CompletePump();
            WriteReady();
            foreach (var warning in Reader.Unmatched()) WriteWarning(warning);
        }
    }
}
