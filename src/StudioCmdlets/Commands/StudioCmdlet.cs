using System.Collections.Concurrent;

namespace StudioCmdlets.Commands
{
    /// <summary>
    /// The plumbing every Studio cmdlet shares: the connection, the client, cancellation on Ctrl+C, the request
    /// envelope and error reporting; the checks of input and the confirmations are in StudioCmdlet.Checks.cs.
    /// </summary>
    public abstract partial class StudioCmdlet : PSCmdlet, IDisposable
    {
        /// <summary>Requests in flight at once unless -ThrottleLimit says otherwise.</summary>
        public const int DefaultThrottleLimit = 10;

        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly CancellationTokenSource _halting = new CancellationTokenSource();
        private readonly int _pipelineThread = Thread.CurrentThread.ManagedThreadId;
        private readonly ConcurrentQueue<string> _debugFromOtherThreads = new ConcurrentQueue<string>();
        private StudioConnection? _connection;
        // The runspace this command runs in, read on the pipeline thread: its pipeline's budget is found by it from any thread.
        private readonly System.Management.Automation.Runspaces.Runspace? _runspace = System.Management.Automation.Runspaces.Runspace.DefaultRunspace;
        private readonly object _budgetLock = new object();
        private PipelineBudget? _budget;

        /// <summary>How many requests this command may have in flight; cmdlets with -ThrottleLimit override it.</summary>
        internal virtual int Throttle => DefaultThrottleLimit;

        /// <summary>
        /// What this command shares with the other Studio commands of its pipeline (one -ThrottleLimit for the line, one
        /// learned limit per account), joined on first use.
        /// </summary>
        internal PipelineBudget Budget
        {
            get
            {
                lock (_budgetLock) return _budget ??= PipelineBudget.Join(_runspace, Throttle);
            }
        }

        /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
        internal CancellationToken Cancellation => _stopping.Token;

        /// <summary>The connection this command uses: Connect-StudioAccount's, else the environment's, resolved once.</summary>
        internal StudioConnection ActiveConnection
        {
            get
            {
                if (_connection is null)
                {
                    try
                    {
                        _connection = ExplicitConnection?.Connection ?? StudioConnection.Resolve();
                        foreach (var warning in _connection.Warnings) WriteWarning(warning);
                    }
                    catch (StudioConnectionException ex)
                    {
                        ThrowTerminatingError(StudioErrors.Record(ex, ex.ErrorId, ErrorCategory.AuthenticationError, null,
                            "Run Connect-StudioAccount, or set the TWILIO_* environment variables."));
                        throw; // not reached
                    }
                }
                return _connection;
            }
        }

        /// <summary>-Connection, declared once for every Studio cmdlet; described in each cmdlet's help (module/help).</summary>
        [Parameter]
        public StudioAccount? Connection { get => ExplicitConnection; set => ExplicitConnection = value; }

        /// <summary>What -Connection gave (Connect-StudioAccount -PassThru), instead of the runspace's connection.</summary>
        internal StudioAccount? ExplicitConnection { get; set; }

        /// <summary>Whether Twilio looks dead, as every request of this command has found it: the one policy.</summary>
        internal ServiceHealth Health { get; } = new ServiceHealth();

        /// <summary>
        /// Sends nothing more: requests not yet sent fail as not sent, those already sent complete (used when a
        /// run must stop but the outcome of what is in flight must still be known).
        /// </summary>
        internal void Halt() => _halting.Cancel();

        /// <summary>Whether <see cref="Halt"/> was called.</summary>
        internal bool Halted => _halting.IsCancellationRequested;

        /// <summary>
        /// Debug text from the transport. WriteDebug only works on the pipeline thread, so text from
        /// requests completing elsewhere waits for <see cref="FlushTrace"/>.
        /// </summary>
        private void Trace(string text)
        {
            if (Thread.CurrentThread.ManagedThreadId != _pipelineThread)
            {
                _debugFromOtherThreads.Enqueue(text);
                return;
            }
            FlushTrace();
            WriteDebug("Studio: " + text);
        }

        /// <summary>Writes debug text queued by other threads; call on the pipeline thread.</summary>
        internal void FlushTrace()
        {
            while (_debugFromOtherThreads.TryDequeue(out var text)) WriteDebug("Studio: " + text);
        }

        /// <inheritdoc />
        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>
        /// The request envelope: runs one request (or a few) for one item on the pipeline thread and waits for it.
        /// True with its result; false once the failure is reported, which <see cref="Report"/> decides: an error for
        /// this item, or the end of the command (bad credentials, Twilio unreachable). Ctrl+C stops the command.
        /// Requests running in the background (the pump) end in <see cref="Report"/> the same way.
        /// </summary>
        internal bool TryRequest<T>(Func<CancellationToken, Task<T>> request, SidKind resource, string action, object target, out T result,
            Action<ErrorRecord>? explain = null)
        {
            try
            {
                result = request(Cancellation).GetAwaiter().GetResult();
                return true;
            }
            catch (RuntimeException)
            {
                // PowerShell's own: a stopped pipeline, Select-Object -First, -ErrorAction Stop downstream.
                throw;
            }
            catch (Exception) when (Cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception ex)
            {
                Report(ex, resource, action, target, explain: explain);
                result = default!;
                return false;
            }
        }

        private readonly Dictionary<string, IReadOnlyList<StudioFlow>> _allFlows = new Dictionary<string, IReadOnlyList<StudioFlow>>(StringComparer.Ordinal);

        /// <summary>
        /// Every flow of the account in hand (<see cref="ItemAccount"/>): the one flows source of every cmdlet, listed once
        /// per command and account (all pages); null when the listing failed, its error already reported.
        /// </summary>
        internal IReadOnlyList<StudioFlow>? AllFlows()
        {
            var key = ItemAccount ?? "";
            if (!_allFlows.ContainsKey(key) && TryRequest(Client.ListFlowsAsync, SidKind.Flow, "listing flows", "Flows", out var flows)) _allFlows[key] = flows;
            return _allFlows.TryGetValue(key, out var all) ? all : null;
        }

        /// <summary>The same for a request with no result.</summary>
        internal bool TryRequest(Func<CancellationToken, Task> request, SidKind resource, string action, object target)
            => TryRequest(async token => { await request(token).ConfigureAwait(false); return true; }, resource, action, target, out _);

        /// <summary>
        /// Reports a failed request: an error for this item, or the end of the command when nothing can succeed (bad
        /// credentials, or a connection failure once Twilio looks dead: <see cref="Health"/>).
        /// </summary>
        internal void Report(Exception ex, SidKind resource, string action, object target, Action<ErrorRecord>? explain = null)
        {
            var record = StudioErrors.From(ex, resource, action, target);
            explain?.Invoke(record);
            if (StudioErrors.IsFatal(record))
            {
                // With many accounts in one command, one that refuses is one error for that account; the others carry on.
                if (RefusedSubaccount(ex, record)) return;
                ThrowTerminatingError(record);
            }
            if (IsConnectionFailure(ex) && Health.LooksDead)
            {
                Halt();
                ThrowTerminatingError(ServiceUnreachable(ex, $"{MyInvocation.MyCommand.Name} stopped: Twilio gave no answer to {ServiceHealth.DeadAfter} attempts in a row.",
                    "Check the network path to Twilio (or the endpoint in Get-StudioAccount), then run the command again."));
            }
            WriteError(record);
        }

        /// <summary>No connection, or no answer in time: the transport has already retried what it could.</summary>
        internal static bool IsConnectionFailure(Exception ex)
            => StudioErrors.Failure(ex)?.Failure is StudioFailure.Unreachable or StudioFailure.Timeout;

        /// <summary>The one error that stands for every failure once Twilio is taken to be unreachable.</summary>
        internal static ErrorRecord ServiceUnreachable(Exception ex, string what, string advice)
            => StudioErrors.Record(new StudioRequestException($"Twilio could not be reached ({ex.Message}); {what}", ex, StudioFailure.Unreachable, 0, 0, null),
                ErrorIds.StudioServiceUnreachable, ErrorCategory.ConnectionError, null, advice);

        /// <summary>Runs engine work on the pipeline thread, turning a cancelled wait into a stopped pipeline.</summary>
        internal T Guarded<T>(Func<T> work)
        {
            try
            {
                return work();
            }
            catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>The same for work with no result.</summary>
        internal void Guarded(Action work) => Guarded(() => { work(); return true; });

        /// <inheritdoc />
        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        /// <summary>Releases the cancellation source.</summary>
        protected virtual void Dispose(bool disposing)
        {
            // Background requests of a pipeline that ended early (Select-Object -First) stop here.
            if (!disposing) return;
            _stopping.Cancel();
            lock (_budgetLock)
            {
                _budget?.Leave(_runspace);
                _budget = null;
            }
        }
    }
}
