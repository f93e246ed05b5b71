namespace StudioCmdlets.Concurrency
{
    /// <summary>
    /// One command's view of an account's shared <see cref="AdaptiveLimit"/>: it passes every answer on, and counts the
    /// 429s of this command's own requests (its summary reports those, not its neighbours' in the pipeline).
    /// </summary>
    internal sealed class CommandLimit : IRequestLimit
    {
        private readonly AdaptiveLimit _shared;
        private int _throttled;

        public CommandLimit(AdaptiveLimit shared) => _shared = shared;

        public int Current => _shared.Current;
        public int Generation => _shared.Generation;
        /// <summary>How many of this command's requests were answered 429 (each was retried).</summary>
        public int Throttled => Volatile.Read(ref _throttled);

        public void OnThrottled(int generation, int concurrentRequests)
        {
            Interlocked.Increment(ref _throttled);
            _shared.OnThrottled(generation, concurrentRequests);
        }

        public void OnSuccess(int generation) => _shared.OnSuccess(generation);

        /// <summary>The account's limit itself: every command of the pipeline takes its places from one gate.</summary>
        public object Shared => _shared;
    }
}
