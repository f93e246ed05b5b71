namespace StudioCmdlets.Concurrency
{
    /// <summary>
    /// How many of one account's requests may be in flight: learns the account's concurrency cap (Twilio does not publish
    /// it) and stays at it, up to the most allowed (-ThrottleLimit). The policy, as TCP's congestion control is specified:
    /// <list type="bullet">
    /// <item>Each setting of the limit is a generation; a request is tied to the generation it entered under. A 429 lowers
    /// the limit at most once per generation: the 429s of requests sent before the limit last changed are spent evidence.</item>
    /// <item>A 429 for concurrency (it carries Twilio-Concurrent-Requests, the account's count in flight) lowers the limit
    /// to below that count, in one step however far above the cap it was; repeated lowerings without a window of successes
    /// between them go further each time (another app may share the cap). A 429 without the count is a cap only when dense
    /// (a passing fault among successes is retried without giving up concurrency), and then halves the limit.</item>
    /// <item>Growth is per window of successes at the current limit (one success per place): doubling until the first cap
    /// (slow start, from <see cref="InitialWindow"/>), then one per window; back to a limit that was refused only after
    /// <see cref="ProbeWindows"/> windows, so an account at its cap sees a 429 rarely.</item>
    /// </list>
    /// Thread-safe; a unit test drives it against a simulated cap.
    /// </summary>
    internal sealed class AdaptiveLimit : IRequestLimit
    {
        /// <summary>Where a limit with nothing to go on begins (it doubles per window of successes).</summary>
        internal const int InitialWindow = 4;
        /// <summary>Windows of successes at a limit just under one that was refused before it is tried again.</summary>
        internal const int ProbeWindows = 8;
        /// <summary>The fewest successes in a window: at a limit of 1 or 2, a window of that many says too little.</summary>
        internal const int MinimumWindow = 8;
        /// <summary>Recent answers weighed for "429s without a count show a cap".</summary>
        private const int Window = 32;
        /// <summary>The share of 429s among recent answers that shows a cap when 429s carry no count (and at least <see cref="MinimumThrottles"/>).</summary>
        private const double CapShare = 0.2;
        private const int MinimumThrottles = 3;

        private readonly object _lock = new object();
        private readonly bool[] _recent = new bool[Window];
        private int _next, _seen, _throttlesInWindow;
        private int _max;
        private int _current;
        private int _generation;
        private int _successes;
        private bool _slowStart;
        private int _good;
        private int _ceiling;
        private int _windows;
        private int _step = 1;
        private int _loweredAt = -1;
        private int _throttled;
        private readonly Action<AdaptiveLimit, int>? _capFound;

        /// <param name="max">The most requests in flight (-ThrottleLimit).</param>
        /// <param name="start">Where to begin when something is known (a subaccount begins where its siblings settled); else
        /// slow start from <see cref="InitialWindow"/>.</param>
        /// <param name="capFound">Told the ceiling (the lowest refused concurrency) when slow start first meets a cap that
        /// Twilio counted: siblings of a subaccount take the hint (<see cref="Hint"/>).</param>
        public AdaptiveLimit(int max, int? start = null, Action<AdaptiveLimit, int>? capFound = null)
        {
            _capFound = capFound;
            _max = Math.Max(1, max);
            _slowStart = start is null;
            _current = Clamp(start ?? InitialWindow);
        }

        public int Current => Volatile.Read(ref _current);
        /// <summary>Itself: the limit every client of the account counts against.</summary>
        public object Shared => this;

        public int Generation => Volatile.Read(ref _generation);
        public int Maximum => Volatile.Read(ref _max);
        /// <summary>How many 429 answers were seen (each was retried).</summary>
        public int Throttled => Volatile.Read(ref _throttled);
        /// <summary>Whether a whole window of successes was seen at some limit: what a sibling account may begin at.</summary>
        public bool Settled => Volatile.Read(ref _good) > 0;

        /// <summary>Raises the most allowed (a later command of the pipeline with a larger -ThrottleLimit); never lowers it.</summary>
        public void AllowUpTo(int max)
        {
            lock (_lock) if (max > _max) _max = max;
        }

        public void OnThrottled(int generation, int concurrentRequests)
        {
            Interlocked.Increment(ref _throttled);
            var found = 0;
            lock (_lock)
            {
                Remember(true);
                // Sent before the last lowering: that lowering already answered it. (Sent before a raise, it still counts:
                // the smaller limit it was sent under was already too much.)
                if (generation < _loweredAt) return;
                int estimate;
                if (concurrentRequests > 0) estimate = Math.Min(concurrentRequests - 1, _current - _step);
                else if (_throttlesInWindow < MinimumThrottles || _throttlesInWindow < CapShare * _seen) return;
                else estimate = _current / 2;
                if (_slowStart && _good > 0 && concurrentRequests == 0) estimate = Math.Max(estimate, _good);
                var lowered = Math.Max(1, Math.Min(_current - 1, estimate));
                if (_slowStart && concurrentRequests > 0) found = Math.Min(_current, lowered + 1);
                _slowStart = false;
                _ceiling = concurrentRequests > 0 ? Math.Min(_current, lowered + 1) : _current;
                _step = Math.Min(_step * 2, 1 << 16);
                Set(lowered);
                _loweredAt = _generation;
            }
            if (found > 0) _capFound?.Invoke(this, found);
        }

        /// <summary>
        /// A sibling (another subaccount of the same parent, in this pipeline) met its cap at <paramref name="ceiling"/>:
        /// accounts of one parent mostly share Twilio's default cap, so one still in slow start with no cap of its own stops
        /// growing below it, and tries it only after <see cref="ProbeWindows"/> windows, as if it had been refused there.
        /// </summary>
        public void Hint(int ceiling)
        {
            lock (_lock)
            {
                if (!_slowStart || ceiling < 2) return;
                _slowStart = false;
                _ceiling = ceiling;
                if (_current >= ceiling) Set(ceiling - 1);
            }
        }

        public void OnSuccess(int generation)
        {
            lock (_lock)
            {
                Remember(false);
                if (generation != _generation || ++_successes < Math.Max(_current, MinimumWindow)) return;
                // A whole window of successes at this limit.
                _successes = 0;
                _step = 1;
                if (_current > _good) _good = _current;
                if (_ceiling > 0 && _current >= _ceiling) _ceiling = 0; // the cap rose
                if (_current >= _max) return;
                if (_slowStart) Set(_current * 2);
                else if (_ceiling == 0 || _current + 1 < _ceiling || ++_windows >= ProbeWindows) Set(_current + 1);
            }
        }

        private void Set(int limit)
        {
            Volatile.Write(ref _current, Clamp(limit));
            Volatile.Write(ref _generation, _generation + 1);
            _successes = 0;
            _windows = 0;
            // The answers that showed a cap are spent: the next lowering needs fresh evidence.
            Array.Clear(_recent, 0, Window);
            _next = _seen = _throttlesInWindow = 0;
        }

        private int Clamp(int limit) => Math.Max(1, Math.Min(_max, limit));

        private void Remember(bool throttled)
        {
            if (_seen == Window && _recent[_next]) _throttlesInWindow--;
            _recent[_next] = throttled;
            if (throttled) _throttlesInWindow++;
            _next = (_next + 1) % Window;
            if (_seen < Window) _seen++;
        }
    }
}
