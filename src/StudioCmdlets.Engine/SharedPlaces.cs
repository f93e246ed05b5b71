namespace StudioCmdlets.Engine
{
    /// <summary>
    /// The places of a whole pipeline (-ThrottleLimit, a semaphore the cmdlets size), handed out by priority rather than in
    /// arrival order: a place that frees goes to a request of the account with the most work still waiting. Each account
    /// can have only so many requests in flight (its limit), so an account left with a long queue at the end of a sweep
    /// would finish alone at its limit while the other places stay empty; serving the longest queue first keeps every
    /// account's queue short together, and the sweep ends when the work does.
    /// </summary>
    internal sealed class SharedPlaces
    {
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SemaphoreSlim, SharedPlaces> Of =
            new System.Runtime.CompilerServices.ConditionalWeakTable<SemaphoreSlim, SharedPlaces>();

        private readonly SemaphoreSlim _places;
        private readonly object _lock = new object();
        private readonly List<Waiter> _waiting = new List<Waiter>();
        private bool _dispatching;

        private SharedPlaces(SemaphoreSlim places) => _places = places;

        /// <summary>The one dispatcher of <paramref name="places"/>, however many clients share it.</summary>
        public static SharedPlaces For(SemaphoreSlim places) => Of.GetValue(places, p => new SharedPlaces(p));

        private sealed class Waiter
        {
            public Waiter(AdaptiveGate? account) => Account = account;
            public AdaptiveGate? Account { get; }
            public TaskCompletionSource<bool> Ready { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        /// <summary>Waits for a place; <paramref name="account"/>'s backlog decides who goes first.</summary>
        public Task WaitAsync(AdaptiveGate? account, CancellationToken cancellation)
        {
            // Nobody waiting and a place free: take it at once.
            lock (_lock)
            {
                if (_waiting.Count == 0 && _places.Wait(0)) return Task.CompletedTask;
            }
            var waiter = new Waiter(account);
            var registration = cancellation.Register(() => waiter.Ready.TrySetCanceled());
            waiter.Ready.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
            bool start;
            lock (_lock)
            {
                _waiting.Add(waiter);
                start = !_dispatching;
                _dispatching = true;
            }
            if (start) _ = DispatchAsync();
            return waiter.Ready.Task;
        }

        /// <summary>Gives a place back.</summary>
        public void Release() => _places.Release();

        // One loop at a time: take a place as it frees, give it to the waiter whose account has the longest queue.
        private async Task DispatchAsync()
        {
            while (true)
            {
                lock (_lock)
                {
                    _waiting.RemoveAll(w => w.Ready.Task.IsCompleted);
                    if (_waiting.Count == 0)
                    {
                        _dispatching = false;
                        return;
                    }
                }
                await _places.WaitAsync().ConfigureAwait(false);
                Waiter? chosen = null;
                lock (_lock)
                {
                    _waiting.RemoveAll(w => w.Ready.Task.IsCompleted);
                    var best = -1;
                    foreach (var w in _waiting)
                    {
                        var backlog = w.Account?.Backlog ?? 0;
                        if (backlog > best) { best = backlog; chosen = w; }
                    }
                    if (chosen is not null) _waiting.Remove(chosen);
                }
                if (chosen is null || !chosen.Ready.TrySetResult(true)) _places.Release();
            }
        }
    }
}
