using System;
using System.Threading;

namespace StudioCmdlets.Api
{
    /// <summary>
    /// How many requests may be in flight: up to the caller's -ThrottleLimit, halved whenever Twilio
    /// answers 429 (the account's concurrency cap, possibly shared with other apps), and grown back by
    /// one after a run of successes. Thread-safe.
    /// </summary>
    internal sealed class AdaptiveLimit
    {
        private const int SuccessesToGrow = 20;
        private readonly int _max;
        private int _current;
        private int _successes;
        private int _throttled;

        public AdaptiveLimit(int max)
        {
            _max = Math.Max(1, max);
            _current = _max;
        }

        public int Current => Volatile.Read(ref _current);
        public int Maximum => _max;
        /// <summary>How many 429 answers were seen (each was retried).</summary>
        public int Throttled => Volatile.Read(ref _throttled);

        public void OnThrottled()
        {
            Interlocked.Increment(ref _throttled);
            Interlocked.Exchange(ref _successes, 0);
            int seen, next;
            do
            {
                seen = Volatile.Read(ref _current);
                next = Math.Max(1, seen / 2);
            }
            while (Interlocked.CompareExchange(ref _current, next, seen) != seen);
        }

        public void OnSuccess()
        {
            if (Volatile.Read(ref _current) >= _max) return;
            if (Interlocked.Increment(ref _successes) < SuccessesToGrow) return;
            Interlocked.Exchange(ref _successes, 0);
            int seen;
            do
            {
                seen = Volatile.Read(ref _current);
                if (seen >= _max) return;
            }
            while (Interlocked.CompareExchange(ref _current, seen + 1, seen) != seen);
        }
    }
}
