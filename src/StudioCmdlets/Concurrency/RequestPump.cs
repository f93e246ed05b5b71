using System.Collections.Concurrent;

namespace StudioCmdlets.Concurrency
{
    /// <summary>
    /// Keeps piped items' requests going while the pipeline keeps feeding. How many HTTP requests are in
    /// flight is the engine's business (it holds each account to <see cref="AdaptiveLimit.Current"/>); the pump keeps
    /// up to a window of items started (twice the maximum, for each account in use), so items waiting out a retry's
    /// back-off, or their account's own limit, do not hold the places of items that could be sent. Everything that touches PowerShell (results, errors, progress) runs on the
    /// pipeline thread, inside <see cref="Submit"/> and <see cref="Complete"/>, and each submitted item
    /// is handed back exactly once: to the result callback or to the error callback.
    /// </summary>
    internal sealed class RequestPump<TItem, TResult> : IRequestPump
    {
        private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);
        private readonly Func<int> _window;
        private readonly CancellationToken _cancellation;
        private readonly Action<TItem, TResult> _onResult;
        private readonly Action<TItem, Exception> _onError;
        private readonly Action _onTick;
        private readonly BlockingCollection<Finished> _finished = new BlockingCollection<Finished>();
        private int _inFlight;

        public RequestPump(Func<int> window, CancellationToken cancellation, Action<TItem, TResult> onResult, Action<TItem, Exception> onError, Action onTick)
        {
            _window = window;
            _cancellation = cancellation;
            _onResult = onResult;
            _onError = onError;
            _onTick = onTick;
        }

        public int InFlight => _inFlight;

        /// <summary>Starts the request for one item, first handing back finished ones while the limit is reached.</summary>
        public void Submit(TItem item, Func<CancellationToken, Task<TResult>> start)
        {
            HandleFinished(wait: false);
            while (_inFlight >= _window()) HandleFinished(wait: true);
            _inFlight++;
            Task<TResult> task;
            try { task = start(_cancellation); }
            catch (Exception ex) when (!(ex is System.Management.Automation.RuntimeException)) { task = Faulted(ex); }
            task.ContinueWith(t => _finished.Add(new Finished(item, t)), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        /// <summary>
        /// From any thread: wakes the pipeline thread if it waits in the pump, to run the tick (which writes what an item's
        /// work has made ready before the item itself is finished: triage streams each execution as it is classified).
        /// </summary>
        public void Wake()
        {
            try { _finished.Add(default); }
            catch (InvalidOperationException) { } // completed: nobody waits any more
        }

        /// <summary>Waits for every request still in flight, handing each back.</summary>
        public void Complete()
        {
            while (_inFlight > 0) HandleFinished(wait: true);
            _onTick();
        }

        /// <summary>
        /// The same wait, callable from inside a callback that must stop the command: items already handed back
        /// stay handed back, the rest are handed back now, so each item still gets exactly one callback.
        /// </summary>
        public void Drain()
        {
            while (_inFlight > 0) HandleFinished(wait: true);
        }

        private void HandleFinished(bool wait)
        {
            var any = false;
            while (true)
            {
                Finished f;
                if (!any && wait)
                {
                    // Wake up now and then for progress even when nothing finishes.
                    if (!_finished.TryTake(out f, (int)Tick.TotalMilliseconds, _cancellation)) { _onTick(); continue; }
                }
                else if (!_finished.TryTake(out f)) break;
                if (f.Task is null) { _onTick(); continue; } // a wake-up (Wake), not an item
                any = true;
                _inFlight--;
                if (f.Task.Status == TaskStatus.RanToCompletion) _onResult(f.Item, f.Task.Result);
                else if (_cancellation.IsCancellationRequested) throw new OperationCanceledException(_cancellation);
                else _onError(f.Item, f.Task.Exception?.GetBaseException() ?? (Exception)new TaskCanceledException());
            }
            if (any) _onTick();
        }

        private static Task<TResult> Faulted(Exception ex)
        {
            var tcs = new TaskCompletionSource<TResult>();
            tcs.SetException(ex);
            return tcs.Task;
        }

        private readonly struct Finished
        {
            public Finished(TItem item, Task<TResult> task) { Item = item; Task = task; }
            public TItem Item { get; }
            public Task<TResult> Task { get; }
        }
    }
}
