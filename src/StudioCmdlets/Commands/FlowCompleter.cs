using System.Collections;
using System.Collections.Concurrent;
using System.Management.Automation.Language;

namespace StudioCmdlets.Commands
{
    /// <summary>
    /// Tab completion of flows: SIDs for -FlowSid (shown with the flow's name), names for -Name. The flows come
    /// from the account, asked with a short timeout and kept for a minute; without a connection it stays silent.
    /// </summary>
    public sealed class FlowCompleter : IArgumentCompleter
    {
        private static readonly TimeSpan Fresh = TimeSpan.FromMinutes(1);
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);
        private static readonly ConcurrentDictionary<string, (DateTimeOffset At, List<StudioFlow> Flows)> Cache =
            new ConcurrentDictionary<string, (DateTimeOffset, List<StudioFlow>)>(StringComparer.Ordinal);

        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var flows = Flows();
            var word = (wordToComplete ?? "").Trim('\'', '"');
            var pattern = new WildcardPattern(word + "*", WildcardOptions.IgnoreCase);
            if (string.Equals(parameterName, "Name", StringComparison.OrdinalIgnoreCase))
            {
                return flows.Where(f => pattern.IsMatch(f.FriendlyName))
                    .Select(f => new CompletionResult(Quote(f.FriendlyName), f.FriendlyName, CompletionResultType.ParameterValue, $"{f.FriendlyName} ({f.Sid}, {f.Status})"));
            }
            return flows.Where(f => pattern.IsMatch(f.Sid) || pattern.IsMatch(f.FriendlyName))
                .Select(f => new CompletionResult(f.Sid, $"{f.Sid} {f.FriendlyName}", CompletionResultType.ParameterValue, $"{f.FriendlyName} ({f.Status}, revision {f.Revision})"));
        }

        private static List<StudioFlow> Flows()
        {
            StudioConnection connection;
            try { connection = StudioConnection.Resolve(); }
            catch (StudioConnectionException) { return new List<StudioFlow>(); }
            var key = connection.AccountSid + "|" + connection.Endpoint;
            if (Cache.TryGetValue(key, out var cached) && DateTimeOffset.UtcNow - cached.At < Fresh) return cached.Flows;
            using (var cancel = new CancellationTokenSource(Patience))
            {
                try
                {
                    var quick = connection.WithRequestSettings(Patience, 0, null);
                    var client = DependencyLoader.CreateClient(quick, null, new AdaptiveLimit(1));
                    var listing = client.ListFlowsAsync(cancel.Token);
                    if (!listing.Wait(Patience)) return cached.Flows ?? new List<StudioFlow>();
                    var flows = listing.Result.ToList();
                    Cache[key] = (DateTimeOffset.UtcNow, flows);
                    return flows;
                }
                catch (Exception)
                {
                    // Completion must never throw at the user's prompt: no flows to offer this time.
                    return cached.Flows ?? new List<StudioFlow>();
                }
            }
        }

        private static string Quote(string name) => name.IndexOfAny(new[] { ' ', '\'', '$', '`', '"', ';', '(', ')', '{', '}' }) < 0 ? name : "'" + name.Replace("'", "''") + "'";
    }
}
