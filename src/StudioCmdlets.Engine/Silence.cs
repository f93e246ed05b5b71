using System.Diagnostics;

namespace StudioCmdlets.Engine
{
    /// <summary>
    /// A service that takes connections and answers nothing (hung, or a network that swallows the answers): when no
    /// request of a client has had any answer for <see cref="Limit"/> while some wait, the attempts still waiting fail as
    /// timeouts, which the commands count toward "Twilio cannot be reached". One slow request while others are answered
    /// keeps its whole timeout. Silence is counted from when requests began waiting unanswered, so an attempt that takes a
    /// place freed by another's failure inherits the silence so far.
    /// </summary>
    internal sealed class Silence
    {
        public static TimeSpan Limit => RetryPolicy.SilenceLimit;

        private long _quietSince = Stopwatch.GetTimestamp();
        private int _waiting;

        /// <summary>The time since <paramref name="timestamp"/> (Stopwatch ticks).</summary>
        public static TimeSpan Since(long timestamp) => TimeSpan.FromSeconds((Stopwatch.GetTimestamp() - timestamp) / (double)Stopwatch.Frequency);

        /// <summary>Whether requests have waited, with no answer to any of them, for longer than <see cref="Limit"/>.</summary>
        public bool Reached => Since(Volatile.Read(ref _quietSince)) > Limit;

        /// <summary>An attempt starts waiting for its answer; the first of a quiet spell starts the count.</summary>
        public void StartWaiting()
        {
            if (Interlocked.Increment(ref _waiting) == 1) Volatile.Write(ref _quietSince, Stopwatch.GetTimestamp());
        }

        /// <summary>An attempt stops waiting (answered or failed).</summary>
        public void StopWaiting() => Interlocked.Decrement(ref _waiting);

        /// <summary>Any answer at all: Twilio is there.</summary>
        public void Answered() => Volatile.Write(ref _quietSince, Stopwatch.GetTimestamp());
    }
}
