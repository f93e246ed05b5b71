using System.Collections.Concurrent;

namespace StudioCmdlets.Listing
{
    /// <summary>
    /// A bounded buffer of pages written by one producer and read in order by one consumer. Memory stays
    /// flat: a producer that runs ahead waits for room.
    /// </summary>
    internal sealed class Lane<T>
    {
        private readonly ConcurrentQueue<List<T>> _pages = new ConcurrentQueue<List<T>>();
        private readonly SemaphoreSlim _room;
        private readonly SemaphoreSlim _ready = new SemaphoreSlim(0);
        private Exception? _error;
        private int _done;

        public Lane(int capacity) => _room = new SemaphoreSlim(capacity);

        public async Task WriteAsync(List<T> page, CancellationToken cancellation)
        {
            await _room.WaitAsync(cancellation).ConfigureAwait(false);
            _pages.Enqueue(page);
            _ready.Release();
        }

        /// <summary>
        /// Completes when the reader has taken what was written (for a lane of capacity 1): the moment this
        /// lane is being read, so a producer fans out only where output is wanted next.
        /// </summary>
        public async Task WaitTakenAsync(CancellationToken cancellation)
        {
            await _room.WaitAsync(cancellation).ConfigureAwait(false);
            _room.Release();
        }

        public void Finish(Exception? error)
        {
            _error = error;
            Volatile.Write(ref _done, 1);
            _ready.Release();
        }

        /// <summary>The next page; null at the end. Throws the producer's exception once its pages are read.</summary>
        public List<T>? Take(CancellationToken cancellation) => TakeCore(_ready.Wait(Timeout.Infinite, cancellation));

        public async Task<List<T>?> TakeAsync(CancellationToken cancellation)
        {
            await _ready.WaitAsync(cancellation).ConfigureAwait(false);
            return TakeCore(true);
        }

        /// <summary>A page if one is ready now; <paramref name="ended"/> when the lane is finished.</summary>
        public List<T>? TryTake(out bool ended)
        {
            ended = false;
            if (!_ready.Wait(0)) return null;
            var page = TakeCore(true);
            ended = page is null;
            return page;
        }

        private List<T>? TakeCore(bool signalled)
        {
            if (!signalled) return null;
            if (_pages.TryDequeue(out var page))
            {
                _room.Release();
                return page;
            }
            // The finish signal: leave it for any later reader, then report the end (or the failure).
            _ready.Release();
            if (_error is not null) throw new LaneFailedException(_error);
            return null;
        }
    }
}
