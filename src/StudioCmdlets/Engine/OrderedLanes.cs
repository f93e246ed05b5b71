using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace StudioCmdlets.Engine
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

    /// <summary>A producer's failure, surfaced where its lane is read.</summary>
    internal sealed class LaneFailedException : Exception
    {
        public LaneFailedException(Exception inner) : base(inner.Message, inner) { }
    }

    /// <summary>
    /// Producers that run concurrently (at most <c>ahead</c> started beyond the one being read), whose
    /// pages are read strictly in the order the producers were added. Lanes can be added while reading.
    /// </summary>
    internal sealed class OrderedLanes<T>
    {
        private readonly int _ahead;
        private readonly int _capacity;
        private readonly CancellationToken _cancellation;
        private readonly List<(object Key, Func<Lane<T>, CancellationToken, Task> Produce, Lane<T> Lane)> _lanes = new List<(object, Func<Lane<T>, CancellationToken, Task>, Lane<T>)>();
        private int _started;
        private int _head;

        public OrderedLanes(int ahead, int capacity, CancellationToken cancellation)
        {
            _ahead = Math.Max(1, ahead);
            _capacity = Math.Max(1, capacity);
            _cancellation = cancellation;
        }

        public void Add(object key, Func<Lane<T>, CancellationToken, Task> produce)
        {
            _lanes.Add((key, produce, new Lane<T>(_capacity)));
            StartMore();
        }

        private void StartMore()
        {
            while (_started < _lanes.Count && _started <= _head + _ahead)
            {
                var (_, produce, lane) = _lanes[_started++];
                Task.Run(() => produce(lane, _cancellation), _cancellation)
                    .ContinueWith(t => lane.Finish(t.IsCanceled ? new OperationCanceledException() : t.Exception?.GetBaseException()), TaskScheduler.Default);
            }
        }

        /// <summary>
        /// Reads pages in lane order on the calling thread: all of them (<paramref name="block"/>), or only
        /// those ready now. A failed lane is reported through <paramref name="onError"/> and reading goes on.
        /// </summary>
        public void Read(bool block, Action<List<T>> onPage, Action<object, Exception> onError)
        {
            while (_head < _lanes.Count)
            {
                var (key, _, lane) = _lanes[_head];
                List<T>? page;
                bool ended;
                try
                {
                    if (block) { page = lane.Take(_cancellation); ended = page is null; }
                    else { page = lane.TryTake(out ended); if (page is null && !ended) return; }
                }
                catch (LaneFailedException ex)
                {
                    onError(key, ex.InnerException!);
                    page = null;
                    ended = true;
                }
                if (ended)
                {
                    _head++;
                    StartMore();
                    continue;
                }
                onPage(page!);
            }
        }

        /// <summary>Copies every page, in lane order, into another lane (for lanes nested in a lane).</summary>
        public async Task CopyToAsync(Lane<T> target, CancellationToken cancellation)
        {
            while (_head < _lanes.Count)
            {
                var lane = _lanes[_head].Lane;
                List<T>? page;
                try { page = await lane.TakeAsync(cancellation).ConfigureAwait(false); }
                catch (LaneFailedException ex) { throw ex.InnerException!; }
                if (page is null)
                {
                    _head++;
                    StartMore();
                    continue;
                }
                await target.WriteAsync(page, cancellation).ConfigureAwait(false);
            }
        }
    }
}
