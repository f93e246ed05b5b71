namespace StudioCmdlets.Client
{
    /// <summary>One page of executions, and where the next one is.</summary>
    internal sealed class ExecutionPage
    {
        public ExecutionPage(List<StudioExecution> items, string? nextUrl)
        {
            Items = items;
            NextUrl = nextUrl;
        }

        public List<StudioExecution> Items { get; }
        public string? NextUrl { get; }
    }
}
