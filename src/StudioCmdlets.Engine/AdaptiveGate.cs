namespace StudioCmdlets.Engine
{
    /// <summary>
    /// An async gate that lets at most <see cref="IRequestLimit.Current"/> HTTP attempts through at once,
    /// so the cap shrinks on 429 and grows back without recreating anything. Retries pass through it too:
    /// after a 429 they wait for a place under the lowered limit instead of spending their attempts.
    /// </summary>
    internal sealed class AdaptiveGate
    {
        private readonly IRequestLimit _limit;
        private readonly object _lock = new object();
        private readonly Queue<TaskCompletionSource<bool>> _waiting = new Queue<TaskCompletionSource<bool>>();
        private int _inside;
        private int _onWire;

        public AdaptiveGate(IRequestLimit limit) => _limit = limit;

        // One gate per shared limit: two commands of a pipeline sending to one account hold one account's places.
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, AdaptiveGate> Gates =
            new System.Runtime.CompilerServices.ConditionalWeakTable<object, AdaptiveGate>();

        /// <summary>The gate of <paramref name="limit"/>'s shared limit, made the first time a client asks.</summary>
        public static AdaptiveGate For(IRequestLimit limit) => Gates.GetValue(limit.Shared, _ => new AdaptiveGate(limit));

        /// <summary>This account's requests in flight and waiting: its work still to do, which the shared places serve first when longest among accounts with as many on the wire.</summary>
        public int Backlog
        {
            get { lock (_lock) return _inside + _waiting.Count; }
        }

        /// <summary>This account's requests holding a pipeline place (sent or about to be), kept by <see cref="SharedPlaces"/>.</summary>
        public int OnWire => Volatile.Read(ref _onWire);

        internal void PlaceTaken() => Interlocked.Increment(ref _onWire);

        internal void PlaceGiven() => Interlocked.Decrement(ref _onWire);

        public Task EnterAsync(CancellationToken cancellation)
        {
            lock (_lock)
            {
                if (_inside < _limit.Current)
                {
                    _inside++;
                    return Task.CompletedTask;
                }
                var waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                cancellation.Register(() => waiter.TrySetCanceled());
                _waiting.Enqueue(waiter);
                return waiter.Task;
            }
        }

        public void Exit()
        {
            lock (_lock)
            {
                _inside--;
                while (_waiting.Count > 0 && _inside < _limit.Current)
                {
                    // A cancelled waiter gives its turn to the next one.
                    if (_waiting.Dequeue().TrySetResult(true)) _inside++;
                }
            }
        }
    }
}
