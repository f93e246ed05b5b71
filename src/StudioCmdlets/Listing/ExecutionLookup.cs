namespace StudioCmdlets.Listing
{
    /// <summary>
    /// Finds an execution by its SID alone. Studio's URLs need the flow too, so each flow is asked in turn
    /// (a 404 means "not in this flow"); any other failure stops the search.
    /// </summary>
    internal static class ExecutionLookup
    {
        /// <summary>The execution with its flow's name, or null when no flow (of <paramref name="flowSids"/>, else of the account) has it.</summary>
        public static async Task<StudioExecution?> FindAsync(StudioClient client, string executionSid, IEnumerable<string>? flowSids, CancellationToken cancellation)
        {
            foreach (var flow in flowSids ?? (await client.ListFlowsAsync(cancellation).ConfigureAwait(false)).Select(f => f.Sid).ToList())
            {
                cancellation.ThrowIfCancellationRequested();
                try
                {
                    var found = await client.GetExecutionAsync(flow, executionSid, cancellation).ConfigureAwait(false);
                    return found.FillFlowName((await client.FlowAsync(flow, cancellation).ConfigureAwait(false)).FriendlyName);
                }
                catch (StudioRequestException ex) when (ex.StatusCode == 404)
                {
                    // Not in this flow.
                }
            }
            return null;
        }
    }
}
