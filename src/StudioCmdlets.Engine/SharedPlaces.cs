namespace StudioCmdlets.Engine
{
    /// <summary>
    /// The places of a whole pipeline (-ThrottleLimit, a semaphore the cmdlets size), handed out by priority rather than in
    /// arrival order: a place that frees goes to a request of the account with the fewest requests on the wire, and among
    /// those to the account with the most work still waiting (<see cref="GoesBefore"/>). Serving by arrival would let the
    /// first accounts' long queues hold every place while later accounts, whose work is not even listed yet, wait; and an
    /// account left with a long queue at the end of a sweep would finish alone at its limit while the other places stay
    /// empty. A freed place passes straight to its next holder, on the thread that freed it: no dispatcher stands between
    /// the two, so a place is never empty while a thread is found to hand it on. Places are taken and given back only
    /// through this class.
    /// </summary>
    internal sealed class SharedPlaces
    {
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SemaphoreSlim, SharedPlaces> Of =
            new System.Runtime.CompilerServices.ConditionalWeakTable<SemaphoreSlim, SharedPlaces>();

        private readonly SemaphoreSlim _places;
        private readonly object _lock = new object();
        // Only waiters still waiting: a cancelled one leaves the list as it is cancelled, a chosen one as it is chosen.
        private readonly List<Waiter> _waiting = new List<Waiter>();

        private SharedPlaces(SemaphoreSlim places) => _places = places;

        /// <summary>The one dispatcher of <paramref name="places"/>, however many clients share it.</summary>
        public static SharedPlaces For(SemaphoreSlim places) => Of.GetValue(places, p => new SharedPlaces(p));

        private sealed class Waiter
        {
            public Waiter(AdaptiveGate? account) => Account = account;
            public AdaptiveGate? Account { get; }
            public TaskCompletionSource<bool> Ready { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        /// <summary>Waits for a place for a request of <paramref name="account"/>; its requests on the wire and its backlog decide who goes first.</summary>
        public Task WaitAsync(AdaptiveGate? account, CancellationToken cancellation)
        {
            Waiter waiter;
            lock (_lock)
            {
                // Nobody waiting and a place free: take it at once.
                if (_waiting.Count == 0 && _places.Wait(0))
                {
                    account?.PlaceTaken();
                    return Task.CompletedTask;
                }
                waiter = new Waiter(account);
                _waiting.Add(waiter);
            }
            if (cancellation.CanBeCanceled)
            {
                var registration = cancellation.Register(() =>
                {
                    lock (_lock) _waiting.Remove(waiter);
                    waiter.Ready.TrySetCanceled();
                });
                waiter.Ready.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
            }
            return waiter.Ready.Task;
        }

        // Which of two waiters goes first: the one whose account has fewer requests on the wire, then the one whose account
        // has more work waiting. Even shares first: every account with work keeps requests going (a fresh account, whose
        // work is not listed yet, is not left behind the long queues of the others, nor are its listings, which find the
        // rest of its work), and each account stays as far below its own cap as the places allow (fewer 429s); then the
        // longest queue, so no account is left with a long queue to finish alone at its limit while the places stay empty.
        private static bool GoesBefore(AdaptiveGate? a, AdaptiveGate? b)
        {
            var wireA = a?.OnWire ?? 0;
            var wireB = b?.OnWire ?? 0;
            if (wireA != wireB) return wireA < wireB;
            return (a?.Backlog ?? 0) > (b?.Backlog ?? 0);
        }

        /// <summary>Gives <paramref name="account"/>'s place back: to the waiter that goes first (<see cref="GoesBefore"/>), or to the free places.</summary>
        public void Release(AdaptiveGate? account)
        {
            lock (_lock)
            {
                account?.PlaceGiven();
                while (_waiting.Count > 0)
                {
                    var chosen = 0;
                    for (var i = 1; i < _waiting.Count; i++)
                    {
                        if (GoesBefore(_waiting[i].Account, _waiting[chosen].Account)) chosen = i;
                    }
                    var waiter = _waiting[chosen];
                    _waiting.RemoveAt(chosen);
                    waiter.Account?.PlaceTaken();
                    // Its continuation runs on the thread pool, not under this lock.
                    if (waiter.Ready.TrySetResult(true)) return;
                    waiter.Account?.PlaceGiven();
                }
                _places.Release();
            }
        }
    }
}
