using System.Collections.Concurrent;

namespace StudioCmdlets.Audit
{
    /// <summary>
    /// The definitions of the flow revisions a command meets, each read once however many executions run it
    /// (executions stay on the revision they started on). A definition that cannot be read as a flow is null. A read
    /// that failed (a timeout, a 5xx after retries) is forgotten, so the next execution on that revision reads it again.
    /// </summary>
    internal sealed class FlowRevisions
    {
        private readonly ConcurrentDictionary<string, Lazy<Task<FlowGraph?>>> _graphs = new ConcurrentDictionary<string, Lazy<Task<FlowGraph?>>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<FlowGraph, SilentHold> _holds = new ConcurrentDictionary<FlowGraph, SilentHold>();

        public async Task<FlowGraph?> GraphAsync(StudioClient client, string flowSid, int revision, CancellationToken cancellation)
        {
            var key = flowSid + "/" + revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var read = _graphs.GetOrAdd(key, _ => new Lazy<Task<FlowGraph?>>(async () =>
            {
                var json = await client.GetRevisionDefinitionAsync(flowSid, revision, cancellation).ConfigureAwait(false);
                try { return FlowGraph.Parse(json); }
                catch (FormatException) { return null; }
                catch (System.Text.Json.JsonException) { return null; }
            }));
            try { return await read.Value.ConfigureAwait(false); }
            catch
            {
                // Only this read is forgotten: one that another caller put in meanwhile stays.
                ((ICollection<KeyValuePair<string, Lazy<Task<FlowGraph?>>>>)_graphs).Remove(new KeyValuePair<string, Lazy<Task<FlowGraph?>>>(key, read));
                throw;
            }
        }

        /// <summary>How long each widget of a revision holds a silent contact, worked out once per revision.</summary>
        public SilentHold HoldOf(FlowGraph graph) => _holds.GetOrAdd(graph, g => new SilentHold(g));
    }
}
