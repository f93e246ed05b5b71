namespace StudioCmdlets.Concurrency
{
    /// <summary>
    /// How many requests may be in flight: up to the caller's -ThrottleLimit, halved when Twilio's 429s show
    /// that the account's concurrency cap (possibly shared with other apps) is reached, and grown back by one
    /// after a run of successes. A cap shows as 429s answering a good share of recent requests; a stray 429
    /// among successes (a passing fault) is retried without giving up concurrency. Thread-safe.
    /// </summary>
    internal sealed class AdaptiveLimit : IRequestLimit
    {
        private const int SuccessesToGrow = 20;
        /// <summary>Recent answers weighed for "the cap is reached".</summary>
        private const int Window = 32;
        /// <summary>429s among the recent answers that mean the cap is reached (and at least <see cref="MinimumThrottles"/>).</summary>
        private const double CapShare = 0.2;
        private const int MinimumThrottles = 3;

        private readonly object _lock = new object();
        private readonly bool[] _recent = new bool[Window];
        private readonly int _max;
        private int _next, _seen, _throttlesInWindow;
        private int _current;
        private int _successes;
        private int _throttled;

        /// <param name="max">The most requests in flight (-ThrottleLimit).</param>
        /// <param name="start">Where to begin (a subaccount begins where its siblings settled); the maximum when not given.</param>
        public AdaptiveLimit(int max, int? start = null)
        {
            _max = Math.Max(1, max);
            _current = Math.Max(1, Math.Min(_max, start ?? _max));
        }

        public int Current => Volatile.Read(ref _current);
        public int Maximum => _max;
        /// <summary>How many 429 answers were seen (each was retried).</summary>
        public int Throttled => Volatile.Read(ref _throttled);

        public void OnThrottled()
        {
            Interlocked.Increment(ref _throttled);
            lock (_lock)
            {
                _successes = 0;
                Remember(true);
                if (_throttlesInWindow < MinimumThrottles || _throttlesInWindow < CapShare * _seen) return;
                Volatile.Write(ref _current, Math.Max(1, _current / 2));
                // The answers that showed this cap are spent: the next halving needs fresh evidence.
                Array.Clear(_recent, 0, Window);
                _next = _seen = _throttlesInWindow = 0;
            }
        }

        public void OnSuccess()
        {
            lock (_lock)
            {
                Remember(false);
                if (_current >= _max || ++_successes < SuccessesToGrow) return;
                _successes = 0;
                Volatile.Write(ref _current, _current + 1);
            }
        }

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
