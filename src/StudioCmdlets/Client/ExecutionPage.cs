namespace StudioCmdlets.Client
{
    /// <summary>One page of executions, in the module's types, and where the next one is (the contract's <see cref="ExecutionPageRecord"/>).</summary>
    /// <param name="Items">The page's executions.</param>
    /// <param name="NextUrl">The next page's URL, or null on the last page.</param>
    internal sealed record ExecutionPage(List<StudioExecution> Items, string? NextUrl);
}
