namespace StudioCmdlets.Commands
{
    /// <summary>
    /// The base of the cmdlets that make a request (or a few) per piped item: on top of -ThrottleLimit and the progress
    /// bar (<see cref="StudioThrottledCmdlet"/>) it owns the pump that keeps that many requests going while input keeps
    /// arriving (<see cref="RequestPump{TItem, TResult}"/>). A cmdlet starts its pump in BeginProcessing, submits items
    /// in ProcessRecord, and finishes in EndProcessing; every item comes back once, to its result or its error
    /// callback, on the pipeline thread.
    /// </summary>
    public abstract class StudioBulkCmdlet : StudioThrottledCmdlet
    {
        private IRequestPump? _pump;

        /// <summary>Items handed back so far (results and errors).</summary>
        internal long Done { get; private set; }

        /// <summary>Requests in flight now.</summary>
        internal int InFlight => _pump?.InFlight ?? 0;

        /// <summary>
        /// Starts the pump: <paramref name="onResult"/> and <paramref name="onError"/> run on the pipeline thread for each
        /// item; <paramref name="status"/> says what the counts are, for the progress bar.
        /// </summary>
        internal RequestPump<TItem, TResult> StartPump<TItem, TResult>(string activity, Action<TItem, TResult> onResult, Action<TItem, Exception> onError,
            Func<string> status, Action? onTick = null)
        {
            var progress = StartProgress(activity);
            // Twice the requests allowed in flight, for each account in use (their own limits hold their requests back).
            var pump = new RequestPump<TItem, TResult>(() => 2 * Throttle * AccountsInUse, Cancellation,
                (item, result) => { Done++; onResult(item, result); },
                (item, error) => { Done++; onError(item, error); },
                () => { FlushTrace(); onTick?.Invoke(); progress.Update(Done, null, status); });
            _pump = pump;
            return pump;
        }

        /// <summary>Starts one item's request(s), first handing back finished ones while the limit is reached.</summary>
        internal void Submit<TItem, TResult>(RequestPump<TItem, TResult> pump, TItem item, Func<CancellationToken, Task<TResult>> start)
            => Guarded(() => pump.Submit(item, start));

        /// <summary>Waits for everything in flight, handing each item back, and closes the progress bar.</summary>
        internal void CompletePump()
        {
            try { Guarded(() => _pump?.Complete()); }
            finally { CompleteProgress(); }
        }

        /// <summary>-ErrorAction Stop, given or through $ErrorActionPreference: an item's error ends the run.</summary>
        internal bool ErrorActionIsStop()
        {
            var given = MyInvocation.BoundParameters.TryGetValue("ErrorAction", out var v) ? v : GetVariableValue("ErrorActionPreference");
            return given is not null && LanguagePrimitives.TryConvertTo<ActionPreference>(given, out var preference) && preference == ActionPreference.Stop;
        }

        /// <summary>
        /// A write's failure that becomes its item's error and, under -ErrorAction Stop, ends the run: not one never
        /// sent, nor a connection failure held back (its outcome is not known), nor a cancellation.
        /// </summary>
        internal static bool StopsTheRun(Exception ex)
            => !(ex is OperationCanceledException) && StudioErrors.Failure(ex)?.Failure != StudioFailure.NotSent && !IsConnectionFailure(ex);

        /// <summary>A piped value with nothing in it (an empty CSV cell, spaces) is no value; any other is trimmed.</summary>
        internal static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text!.Trim();

        /// <summary>The same wait from inside a callback that must stop the command: what was handed back stays so.</summary>
        internal void DrainPump()
        {
            try { Guarded(() => _pump?.Drain()); }
            finally { CompleteProgress(); }
        }
    }
}
