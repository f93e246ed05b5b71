namespace StudioCmdlets.Listing
{
    /// <summary>
    /// Lists a flow's executions in Studio's order (newest first), faster than following next_page_url
    /// one page at a time. Studio's pages can only be walked in sequence, but date ranges can be listed
    /// side by side: after the first page of a range, the rest of the range is cut into windows sized
    /// from how densely that page was packed, and the windows are listed concurrently (recursively, where
    /// a window proves dense), then read back in order. A range fans out only when its output is about to
    /// be read, so memory stays flat however many executions there are.
    /// </summary>
    internal sealed class ExecutionStream
    {
        /// <summary>About how many pages a window should hold.</summary>
        public const int PagesPerWindow = 3;
        public const int MaxFanOut = 8;
        public const int MaxDepth = 4;
        /// <summary>Pages followed in sequence before a listing fans out: most flows end within them.</summary>
        public const int PagesBeforeFanOut = 3;

        private readonly StudioClient _client;
        private readonly string _flowSid;
        private readonly string? _flowName;
        private readonly StudioExecutionStatus? _status;
        private readonly DateTimeOffset _floor;

        /// <summary>A stream of one flow's executions; <paramref name="floor"/> (no execution is older) only sizes windows.</summary>
        public ExecutionStream(StudioClient client, StudioFlow flow, StudioExecutionStatus? status, DateTimeOffset? floor)
        {
            _client = client;
            _flowSid = flow.Sid;
            _flowName = flow.FriendlyName;
            _status = status;
            // Studio keeps executions 30 days from their start: nothing older exists, so no window reaches past that
            // (a flow made years ago would otherwise cost requests for years of empty windows).
            var retained = RetentionFloor;
            var oldest = floor ?? flow.DateCreated ?? retained;
            _floor = oldest < retained ? retained : oldest;
        }

        /// <summary>Studio keeps execution data 30 days from the start (an hour's slack for clocks that differ).</summary>
        public static DateTimeOffset RetentionFloor => DateTimeOffset.UtcNow - Audit.StudioCatalogue.MaxAge - TimeSpan.FromHours(1);

        /// <summary>Writes the executions created in [from, to) into <paramref name="sink"/> (capacity 1), in order.</summary>
        public Task ProduceAsync(Lane<StudioExecution> sink, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellation)
            => RangeAsync(sink, from is DateTimeOffset f && f < RetentionFloor ? RetentionFloor : from, to, null, 0, cancellation);

        private async Task RangeAsync(Lane<StudioExecution> sink, DateTimeOffset? from, DateTimeOffset? to, HashSet<string>? alreadyListed, int depth, CancellationToken cancellation)
        {
            var pages = new ExecutionPages(_client, _flowSid, _status, from, to);
            await pages.MoveNextAsync(cancellation).ConfigureAwait(false);
            await WriteAsync(sink, pages.Current!.Items, alreadyListed, cancellation).ConfigureAwait(false);
            var newest = pages.Current.Items.Count > 0 ? pages.Current.Items[0].DateCreated : default;
            // At the top, follow a few pages first: a short listing then costs no more requests than its pages,
            // and a long one is sized from several pages of density. Windows below were sized by their parent.
            for (var followed = 1; depth == 0 && followed < PagesBeforeFanOut && await pages.MoveNextAsync(cancellation).ConfigureAwait(false); followed++)
                await WriteAsync(sink, pages.Current.Items, alreadyListed, cancellation).ConfigureAwait(false);
            var page = pages.Current;
            if (page.NextUrl is null || page.Items.Count == 0) return;

            var edge = page.Items[page.Items.Count - 1].DateCreated;
            // What is left: everything before the end of the edge second, less what this page already listed from it.
            var top = Seconds(edge).AddSeconds(1);
            var bottom = from ?? _floor;
            var perPage = TimeSpan.FromTicks((newest - edge).Ticks / (depth == 0 ? PagesBeforeFanOut : 1));
            var estimatedPages = perPage > TimeSpan.Zero ? (top - bottom).Ticks / (double)perPage.Ticks : double.MaxValue;
            if (depth >= MaxDepth || estimatedPages < 2 * PagesPerWindow || top - bottom < TimeSpan.FromSeconds(2 * MaxFanOut))
            {
                // Too little left to gain from windows: follow Studio's pages.
                while (await pages.MoveNextAsync(cancellation).ConfigureAwait(false))
                    await WriteAsync(sink, pages.Current.Items, alreadyListed, cancellation).ConfigureAwait(false);
                return;
            }

            var listed = new HashSet<string>(page.Items.Where(e => e.DateCreated == edge).Select(e => e.Sid), StringComparer.Ordinal);
            var count = (int)Math.Max(2, Math.Min(MaxFanOut, Math.Round(estimatedPages / PagesPerWindow)));
            var width = TimeSpan.FromSeconds(Math.Ceiling((top - bottom).TotalSeconds / count));

            // Fan out only once this range's first page has been read: lanes further ahead stay one page deep.
            await sink.WaitTakenAsync(cancellation).ConfigureAwait(false);
            var windows = new OrderedLanes<StudioExecution>(count, 1, cancellation);
            for (var i = 0; i < count; i++)
            {
                var upper = top - TimeSpan.FromTicks(width.Ticks * i);
                // The oldest window is open below (or ends at -CreatedAfter), so nothing older than the floor is missed.
                DateTimeOffset? lower = i == count - 1 ? from : upper - width;
                if (lower is DateTimeOffset l && from is DateTimeOffset f && l < f) lower = f;
                var skip = i == 0 ? listed : null;
                windows.Add(i, (lane, token) => RangeAsync(lane, lower, upper, skip, depth + 1, token));
            }
            await windows.CopyToAsync(sink, cancellation).ConfigureAwait(false);
        }

        private Task WriteAsync(Lane<StudioExecution> sink, List<StudioExecution> items, HashSet<string>? alreadyListed, CancellationToken cancellation)
        {
            if (alreadyListed is not null) items = items.Where(e => !alreadyListed.Contains(e.Sid)).ToList();
            if (items.Count == 0) return Task.CompletedTask;
            foreach (var e in items) e.FillFlowName(_flowName);
            return sink.WriteAsync(items, cancellation);
        }

        private static DateTimeOffset Seconds(DateTimeOffset t) => new DateTimeOffset(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, t.Offset);
    }
}
