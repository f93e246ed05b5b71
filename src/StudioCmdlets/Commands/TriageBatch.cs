namespace StudioCmdlets.Commands
{
    /// <summary>
    /// A triage scope's outcome, filled from many requests at once: each flow's stuck executions in the order Studio
    /// listed them, and each part that failed (a flow's listing, one execution's steps), for the pipeline thread to report.
    /// </summary>
    internal sealed class TriageBatch
    {
        private readonly List<string> _flows;
        private readonly Dictionary<string, List<StudioStuckExecution>> _byFlow = new Dictionary<string, List<StudioStuckExecution>>(StringComparer.Ordinal);
        private readonly List<(string Target, SidKind Kind, string Action, Exception Error)> _failures = new List<(string, SidKind, string, Exception)>();

        public TriageBatch(List<string> flows) => _flows = flows;

        public void Add(string flowSid, StudioStuckExecution triaged)
        {
            lock (_byFlow)
            {
                if (!_byFlow.TryGetValue(flowSid, out var list)) _byFlow[flowSid] = list = new List<StudioStuckExecution>();
                list.Add(triaged);
            }
        }

        public void Fail(string target, SidKind kind, string action, Exception error)
        {
            lock (_failures) _failures.Add((target, kind, action, error));
        }

        /// <summary>Flow by flow, in the order the flows were given; within a flow, newest first, as Studio lists.</summary>
        public IEnumerable<StudioStuckExecution> Results()
            => _flows.Where(_byFlow.ContainsKey).SelectMany(f => _byFlow[f].OrderByDescending(t => t.DateCreated).ThenBy(t => t.Sid, StringComparer.Ordinal));

        public IReadOnlyList<(string Target, SidKind Kind, string Action, Exception Error)> Failures => _failures;
    }
}
