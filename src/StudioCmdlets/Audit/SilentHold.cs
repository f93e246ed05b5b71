namespace StudioCmdlets.Audit
{
    /// <summary>
    /// How long a flow can hold a contact once they go silent, from any widget: the longest chain of waits along
    /// the silent graph (<see cref="FlowGraph.WhenSilent"/>: timeouts, delivery failures, widgets that move on by
    /// themselves, never answers), whose strongly connected components form a DAG. Each transition costs what it
    /// really takes (<see cref="FlowGraph.Cost"/>): a timeout the whole wait, a failed delivery nothing. A loop that a
    /// timeout re-enters holds until Studio's own limits end the execution; one re-entered only by failed deliveries
    /// re-sends for seconds. Test-StudioFlow's worst case and Get-StudioStuckExecution's release time both come from
    /// here, so one flow gives one figure.
    /// </summary>
    internal sealed class SilentHold
    {
        private readonly FlowGraph _graph;
        private readonly FlowGraph _silent;
        private readonly List<List<string>> _components;
        private readonly Dictionary<string, int> _componentOf = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly Dictionary<int, Held> _memo = new Dictionary<int, Held>();
        // One SilentHold serves every execution of a revision, triaged concurrently: its memo is filled under this lock.
        private readonly object _gate = new object();

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
            lock (_gate)
            {
                var held = Longest(c);
                return (Cap(held.Total), held.Loop, held.Path.ToArray());
            }
        }

        /// <summary>The worst case over every wait the contact can reach: the figure Test-StudioFlow -Summary shows.</summary>
        public (TimeSpan Worst, bool Loop, string Path) Worst(ISet<string> reachable)
        {
            var starts = _graph.Widgets.Values.Where(w => w.Waits && reachable.Contains(w.Name)).Select(w => _componentOf[w.Name]).Distinct().ToList();
            if (starts.Count == 0) return (TimeSpan.Zero, false, "no waits");
            lock (_gate)
            {
                var held = WorstHeld(starts);
                return (Cap(held.Total), held.Loop, held.Path.Count == 0 ? "no waits" : string.Join(" -> ", held.Path));
            }
        }

        /// <summary>The waiting widgets on the worst case, in the order the contact meets them: what Repair-StudioFlow shortens.</summary>
        public IReadOnlyList<string> WorstWaits(ISet<string> reachable)
        {
            var starts = _graph.Widgets.Values.Where(w => w.Waits && reachable.Contains(w.Name)).Select(w => _componentOf[w.Name]).Distinct().ToList();
            if (starts.Count == 0) return Array.Empty<string>();
            lock (_gate) return WorstHeld(starts).Waits.Distinct(StringComparer.Ordinal).ToArray();
        }

        // The worst of the holds from each start: a loop first, then the longest, then by path for a stable answer.
        private Held WorstHeld(List<int> starts)
            => starts.Select(Longest).OrderByDescending(r => r.Loop).ThenByDescending(r => r.Total).ThenBy(r => string.Join(" -> ", r.Path), StringComparer.Ordinal).First();

        /// <summary>
        /// A hold: how long, whether a loop holds the contact, the path as people read it ("a 1d", "loop a -> b x3"),
        /// and the waiting widgets on it, as data (the repair works on these, never on the text).
        /// </summary>
        private sealed class Held
        {
            public Held(TimeSpan total, bool loop, List<string> path, List<string> waits)
            {
                Total = total;
                Loop = loop;
                Path = path;
                Waits = waits;
            }

            public static readonly Held None = new Held(TimeSpan.Zero, false, new List<string>(), new List<string>());
            public TimeSpan Total { get; }
            public bool Loop { get; }
            public List<string> Path { get; }
            public List<string> Waits { get; }
        }

        /// <summary>The loops of reachable widgets that send a contact back into a message wait, as Test-StudioFlow reports them.</summary>
        public IEnumerable<SilentLoop> Loops(ISet<string> reachable)
        {
            var loops = new List<SilentLoop>();
            for (var c = 0; c < _components.Count; c++)
            {
                if (!_components[c].Any(reachable.Contains)) continue;
                var loop = LoopOf(c);
                if (loop is not null) loops.Add(loop);
            }
            return loops;
        }

        private static TimeSpan Cap(TimeSpan t) => t > StudioCatalogue.MaxAge ? StudioCatalogue.MaxAge : t;

        private Held Longest(int c)
        {
            if (_memo.TryGetValue(c, out var known)) return known;
            var members = _components[c];
            var loop = LoopOf(c);
            if (loop is not null && loop.Holds && !loop.Counted)
                return _memo[c] = new Held(loop.Hold, true, new List<string> { "loop " + string.Join(" -> ", loop.Cycle) }, WaitsAmong(loop.Cycle));
            if (loop is not null && loop.Counted)
            {
                // Counted: the waits of its turns, then whatever the way out leads to.
                var after = BestWayOut(c);
                var steps = new List<string> { $"loop {string.Join(" -> ", loop.Cycle)} x{loop.Turns}" };
                return _memo[c] = new Held(loop.Hold + after.Total, after.Loop, steps.Concat(after.Path).ToList(), WaitsAmong(loop.Cycle).Concat(after.Waits).ToList());
            }

            Held best;
            if (members.Count == 1)
            {
                // One widget: the contact waits it out (if it waits) and leaves by the costliest way on.
                var w = _graph.Widgets[members[0]];
                var mine = new List<string>();
                var myWaits = new List<string>();
                if (w.Waits)
                {
                    mine.Add($"{w.Name} {Durations.Short(w.Wait!.Value)}");
                    myWaits.Add(w.Name);
                }
                best = new Held(w.Wait ?? TimeSpan.Zero, false, mine, myWaits);
                foreach (var (evt, next) in _silent.Edges(w.Name).Where(e => _componentOf[e.Next] != c))
                {
                    var cost = _silent.Cost(w.Name, evt);
                    var r = Longest(_componentOf[next]);
                    var candidate = cost > TimeSpan.Zero
                        ? new Held(cost + r.Total, r.Loop, mine.Concat(r.Path).ToList(), myWaits.Concat(r.Waits).ToList())
                        : new Held(r.Total, r.Loop, r.Path, r.Waits);
                    if (Better(candidate, best)) best = candidate;
                }
                return _memo[c] = best;
            }
            // A loop that only re-sends, or one no message wait is in (a call's menu): its waits once, then the way on.
            var waits = members.Select(n => _graph.Widgets[n]).Where(w => w.Waits).OrderBy(w => w.Name, StringComparer.Ordinal).ToList();
            var own = waits.Aggregate(TimeSpan.Zero, (sum, w) => sum + w.Wait!.Value);
            var ownPath = waits.Select(w => $"{w.Name} {Durations.Short(w.Wait!.Value)}").ToList();
            best = BestWayOut(c);
            return _memo[c] = new Held(own + best.Total, best.Loop, ownPath.Concat(best.Path).ToList(), waits.Select(w => w.Name).Concat(best.Waits).ToList());
        }

        /// <summary>The longest hold among the components a component leads to: what follows once the contact leaves it.</summary>
        private List<string> WaitsAmong(IEnumerable<string> widgets) => widgets.Where(n => _graph.Widgets[n].Waits).ToList();

        private Held BestWayOut(int c)
        {
            var best = Held.None;
            foreach (var child in _components[c].SelectMany(_silent.Next).Select(n => _componentOf[n]).Where(x => x != c).Distinct())
            {
                var r = Longest(child);
                if (Better(r, best)) best = r;
            }
            return best;
        }

        private static bool Better(Held a, Held b)
            => a.Loop && !b.Loop || (a.Loop == b.Loop && a.Total > b.Total);

        /// <summary>
        /// A component that loops back into a message wait. It holds the contact when a wait's timeout stays inside it
        /// (that edge lies on a cycle: the contact waits the whole timeout turn after turn); otherwise the loop runs on
        /// failed deliveries alone, which re-send at once until Studio stops the execution.
        /// </summary>
        private SilentLoop? LoopOf(int c)
        {
            var members = _components[c];
            if (!_silent.IsLoop(members)) return null;
            var within = new HashSet<string>(members, StringComparer.Ordinal);
            var messageWaits = members.Select(n => _graph.Widgets[n]).Where(w => w.WaitsOnMessage).OrderBy(w => w.Name, StringComparer.Ordinal).ToList();
            if (messageWaits.Count == 0) return null;
            foreach (var w in messageWaits)
            {
                foreach (var (evt, next) in _silent.Edges(w.Name).Where(e => e.Event == "timeout" && within.Contains(e.Next)))
                {
                    var cycle = new List<string> { w.Name };
                    cycle.AddRange(PathWithin(next, w.Name, within));
                    if (AttemptCounter.Turns(_graph, cycle, within) is int counted)
                        return new SilentLoop(w, cycle, true, TimeSpan.FromTicks(PerTurn(cycle).Ticks * counted), counted, counted: true);
                    return new SilentLoop(w, cycle, true, LoopLimit(cycle), Turns(cycle));
                }
            }
            var resend = FlowAuditor.Cycle(_silent, messageWaits[0].Name, within);
            return new SilentLoop(messageWaits[0], resend, false, TimeSpan.Zero, Turns(resend));
        }

        /// <summary>A shortest walk from <paramref name="from"/> to <paramref name="to"/> inside a component, both ends included.</summary>
        private List<string> PathWithin(string from, string to, HashSet<string> within)
        {
            var parent = new Dictionary<string, string>(StringComparer.Ordinal) { [from] = from };
            var queue = new Queue<string>();
            queue.Enqueue(from);
            while (queue.Count > 0 && !parent.ContainsKey(to))
            {
                var n = queue.Dequeue();
                foreach (var m in _silent.Next(n).Where(within.Contains).Where(m => !parent.ContainsKey(m)))
                {
                    parent[m] = n;
                    queue.Enqueue(m);
                }
            }
            var path = new List<string> { to };
            for (var x = to; x != from; x = parent[x]) path.Insert(0, parent[x]);
            return path;
        }

        /// <summary>How many turns of a loop Studio allows: the same widget 10 times in a row, else 1,000 steps.</summary>
        private static int Turns(List<string> cycle)
        {
            var widgets = Math.Max(1, cycle.Count - 1); // the cycle names its first widget again at the end
            return widgets == 1 ? StudioCatalogue.SameWidgetInARow : StudioCatalogue.MaxSteps / widgets;
        }

        /// <summary>
        /// How long a loop of waits can hold a contact before Studio's own limits end the execution: each turn costs the
        /// waits it times out of, for as many turns as Studio allows, and 30 days at most.
        /// </summary>
        private TimeSpan LoopLimit(List<string> cycle) => Cap(TimeSpan.FromTicks(PerTurn(cycle).Ticks * Turns(cycle)));

        /// <summary>What one turn of a loop costs a silent contact: the waits it times out of.</summary>
        private TimeSpan PerTurn(List<string> cycle)
        {
            var perTurn = TimeSpan.Zero;
            for (var i = 0; i + 1 < cycle.Count; i++)
            {
                var (from, to) = (cycle[i], cycle[i + 1]);
                perTurn += _silent.Edges(from).Where(e => e.Next == to).Select(e => _silent.Cost(from, e.Event)).DefaultIfEmpty(TimeSpan.Zero).Max();
            }
            return perTurn;
        }
    }
}
