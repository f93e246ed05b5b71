namespace StudioCmdlets.Audit
{
    /// <summary>
    /// How long a flow can hold a contact once they go silent, from any widget: the longest chain of waits along
    /// the silent graph (<see cref="FlowGraph.WhenSilent"/>: timeouts, delivery failures, widgets that move on by
    /// themselves, never answers), whose strongly connected components form a DAG. A loop of waits holds until
    /// Studio's own limits end the execution. Test-StudioFlow's worst case and Get-StudioStuckExecution's release
    /// time both come from here, so one flow gives one figure.
    /// </summary>
    internal sealed class SilentHold
    {
        private readonly FlowGraph _graph;
        private readonly FlowGraph _silent;
        private readonly List<List<string>> _components;
        private readonly Dictionary<string, int> _componentOf = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly Dictionary<int, (TimeSpan Total, bool Loop, List<string> Path)> _memo = new Dictionary<int, (TimeSpan, bool, List<string>)>();

        public SilentHold(FlowGraph graph)
        {
            _graph = graph;
            _silent = graph.WhenSilent();
            _components = _silent.Components();
            for (var i = 0; i < _components.Count; i++) foreach (var w in _components[i]) _componentOf[w] = i;
        }

        /// <summary>How long a contact who falls silent at <paramref name="widget"/> stays held, whether a loop holds them, and the waits on the way.</summary>
        public (TimeSpan Hold, bool Loop, IReadOnlyList<string> Path) From(string widget)
        {
            if (!_componentOf.TryGetValue(widget, out var c)) return (TimeSpan.Zero, false, Array.Empty<string>());
            var (total, loop, path) = Longest(c);
            return (Cap(total), loop, path);
        }

        /// <summary>The worst case over every wait the contact can reach: the figure Test-StudioFlow -Summary shows.</summary>
        public (TimeSpan Worst, bool Loop, string Path) Worst(ISet<string> reachable)
        {
            var starts = _graph.Widgets.Values.Where(w => w.Waits && reachable.Contains(w.Name)).Select(w => _componentOf[w.Name]).Distinct().ToList();
            if (starts.Count == 0) return (TimeSpan.Zero, false, "no waits");
            var (total, loop, path) = starts.Select(Longest)
                .OrderByDescending(r => r.Loop).ThenByDescending(r => r.Total).ThenBy(r => string.Join(" -> ", r.Path), StringComparer.Ordinal).First();
            return (Cap(total), loop, path.Count == 0 ? "no waits" : string.Join(" -> ", path));
        }

        private static TimeSpan Cap(TimeSpan t) => t > StudioLimits.MaxAge ? StudioLimits.MaxAge : t;

        private (TimeSpan Total, bool Loop, List<string> Path) Longest(int c)
        {
            if (_memo.TryGetValue(c, out var known)) return known;
            var members = _components[c];
            var waits = members.Select(n => _graph.Widgets[n]).Where(w => w.Waits).OrderBy(w => w.Name, StringComparer.Ordinal).ToList();
            var stranding = waits.FirstOrDefault(w => w.WaitsOnMessage);
            if (_silent.IsLoop(members) && stranding is not null)
            {
                var loop = FlowAuditor.Cycle(_silent, stranding.Name, new HashSet<string>(members, StringComparer.Ordinal));
                return _memo[c] = (LoopLimit(loop), true, new List<string> { "loop " + string.Join(" -> ", loop) });
            }
            var own = waits.Aggregate(TimeSpan.Zero, (sum, w) => sum + w.Wait!.Value);
            var ownPath = waits.Select(w => $"{w.Name} {Durations.Short(w.Wait!.Value)}").ToList();
            (TimeSpan Total, bool Loop, List<string> Path) best = (TimeSpan.Zero, false, new List<string>());
            foreach (var child in members.SelectMany(_silent.Next).Where(_componentOf.ContainsKey).Select(n => _componentOf[n]).Where(x => x != c).Distinct())
            {
                var r = Longest(child);
                if (r.Loop && !best.Loop || (r.Loop == best.Loop && r.Total > best.Total)) best = r;
            }
            return _memo[c] = (own + best.Total, best.Loop, ownPath.Concat(best.Path).ToList());
        }

        /// <summary>
        /// How long a loop of waits can hold a contact before Studio's own limits end the execution: the same widget
        /// 10 times in a row (a wait that leads back to itself), 1,000 steps, or 30 days, whichever comes first.
        /// </summary>
        private TimeSpan LoopLimit(List<string> cycle)
        {
            var widgets = cycle.Count - 1; // the cycle names its first widget again at the end
            var perTurn = cycle.Skip(1).Select(n => _graph.Widgets[n]).Where(w => w.Waits).Aggregate(TimeSpan.Zero, (sum, w) => sum + w.Wait!.Value);
            var turns = widgets == 1 ? StudioLimits.SameWidgetInARow : StudioLimits.MaxSteps / widgets;
            return Cap(TimeSpan.FromTicks(perTurn.Ticks * turns));
        }
    }
}
