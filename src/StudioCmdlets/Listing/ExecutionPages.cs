namespace StudioCmdlets.Listing
{
    /// <summary>
    /// The one walk of a flow's executions on this side of the seam: the first page of a query (status, dates), then
    /// each page after it by Studio's next_page_url, newest first. <see cref="ExecutionStream"/> walks a range with it
    /// before cutting the rest into windows; Get-StudioStuckExecution walks a flow's active executions with it.
    /// </summary>
    internal sealed class ExecutionPages
    {
        private readonly StudioClient _client;
        private readonly string _flowSid;
        private readonly StudioExecutionStatus? _status;
        private readonly DateTimeOffset? _from;
        private readonly DateTimeOffset? _to;

        public ExecutionPages(StudioClient client, string flowSid, StudioExecutionStatus? status, DateTimeOffset? from, DateTimeOffset? to)
        {
            _client = client;
            _flowSid = flowSid;
            _status = status;
            _from = from;
            _to = to;
        }

        /// <summary>The page read last; null before the first.</summary>
        public ExecutionPage? Current { get; private set; }

        /// <summary>Whether Studio has (or may have) a page not read yet.</summary>
        public bool HasMore => Current is null || Current.NextUrl is not null;

        /// <summary>Reads the next page into <see cref="Current"/>; false, with no request, once the last page was read.</summary>
        public async Task<bool> MoveNextAsync(CancellationToken cancellation)
        {
            if (!HasMore) return false;
            Current = Current is null
                ? await _client.FirstExecutionPageAsync(_flowSid, _status, _from, _to, cancellation).ConfigureAwait(false)
                : await _client.NextExecutionPageAsync(Current, cancellation).ConfigureAwait(false);
            return true;
        }
    }
}
