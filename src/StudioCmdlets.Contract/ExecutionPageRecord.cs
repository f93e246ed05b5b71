namespace StudioCmdlets.Contract
{
    /// <summary>One page of a flow's executions (newest first), and where the next one is.</summary>
    /// <param name="Items">The page's executions.</param>
    /// <param name="NextUrl">The next page's URL (meta.next_page_url), or null on the last page.</param>
    public sealed record ExecutionPageRecord(IReadOnlyList<ExecutionRecord> Items, string? NextUrl);
}
