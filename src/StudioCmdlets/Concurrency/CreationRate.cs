using System.Collections.Concurrent;
using System.Diagnostics;

namespace StudioCmdlets.Concurrency
{
    /// <summary>
    /// Twilio accepts at most 20 new REST-triggered executions per second per account: wait before the 21st
    /// rather than be refused. Shared by every runspace of the process, per account.
    /// </summary>
    internal sealed class CreationRate
    {
        public const int PerSecond = 20;
        // A little over a second: requests reach Twilio with some jitter, and Twilio counts when they arrive.
        private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(1100);
        private static readonly ConcurrentDictionary<string, CreationRate> ByAccount = new ConcurrentDictionary<string, CreationRate>(StringComparer.Ordinal);
        private readonly Queue<long> _recent = new Queue<long>();
        private readonly object _lock = new object();

        public static CreationRate For(string accountSid) => ByAccount.GetOrAdd(accountSid, _ => new CreationRate());

        /// <summary>Blocks until one more creation fits in the last second; returns how long it waited.</summary>
        public TimeSpan Wait(CancellationToken cancellation)
        {
            var waited = TimeSpan.Zero;
            while (true)
            {
                TimeSpan pause;
                lock (_lock)
                {
                    var now = Stopwatch.GetTimestamp();
                    while (_recent.Count > 0 && Elapsed(_recent.Peek(), now) >= Window) _recent.Dequeue();
                    if (_recent.Count < PerSecond)
                    {
                        _recent.Enqueue(now);
                        return waited;
                    }
                    pause = Window - Elapsed(_recent.Peek(), now) + TimeSpan.FromMilliseconds(5);
                }
                cancellation.WaitHandle.WaitOne(pause);
                cancellation.ThrowIfCancellationRequested();
                waited += pause;
            }
        }

        private static TimeSpan Elapsed(long from, long to) => TimeSpan.FromSeconds((to - from) / (double)Stopwatch.Frequency);
    }
}
