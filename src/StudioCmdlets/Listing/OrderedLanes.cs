namespace StudioCmdlets.Listing
{
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
