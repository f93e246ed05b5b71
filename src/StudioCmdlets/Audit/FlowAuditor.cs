using System.Globalization;

namespace StudioCmdlets.Audit
{
    /// <summary>
    /// Finds what in a flow strands executions. An unconnected transition ends an execution, so the risk is
    /// in widgets that wait on the contact: long waits, waits inside loops, timeouts that lead into more
    /// waiting, and voice flows that let one stuck call block the next. Each finding is rated by the time it can
    /// block a silent contact against -MaxWait: a hold of seconds or minutes is never more than Info.
    /// </summary>
    internal static class FlowAuditor
    {
        public static StudioFlowAudit Audit(FlowGraph graph, string? flowSid, string flowName, TimeSpan maxWait, string? path)
        {
            var findings = new List<StudioFlowFinding>();
            StudioFlowFinding Add(Widget w, string rule, StudioFindingSeverity severity, string detail, string recommendation)
            {
                var f = new StudioFlowFinding
                {
                    FlowSid = flowSid, FlowName = flowName, Widget = w.Name, WidgetType = w.Type, Rule = rule,
                    Level = severity, Detail = detail, Recommendation = recommendation, Path = path,
                };
                findings.Add(f);
                return f;
            }

            // Every widget the contact can reach, answering or not; what holds them there is read once they go silent.
            var reachable = graph.Reachable();
            var hold = new SilentHold(graph);
            var loops = hold.Loops(reachable).ToList();
            // A wait on a loop that holds is reported as the loop, not again as a timeout into the next wait.
            var looping = new HashSet<string>(loops.Where(l => l.Holds).SelectMany(l => l.Cycle), StringComparer.Ordinal);

            var waiting = graph.Widgets.Values.Where(w => w.Waits && reachable.Contains(w.Name)).OrderBy(w => w.Name, StringComparer.Ordinal).ToList();

            foreach (var w in waiting.Where(w => w.Wait > maxWait))
            {
                Add(w, "LongWait", Rate(w.Wait!.Value, maxWait),
                    $"Waits up to {Durations.Short(w.Wait!.Value)} for the contact. If the customer leaves, the execution stays active that long and every new message or call from them is ignored.",
                    $"Set the timeout to {Durations.Short(maxWait)} or less ({maxWait.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} seconds) and connect its timeout transition to a message that closes the conversation.");
            }

            // A loop that the contact re-enters only by answering (a menu that asks again) ends when they go silent;
            // one re-entered by a timeout holds them until Studio's own limits; one re-entered by failed deliveries
            // re-sends the message for seconds until Studio stops the execution.
            foreach (var loop in loops)
            {
                var cycle = string.Join(" -> ", loop.Cycle);
                if (loop.Counted)
                    Add(loop.First, "WaitInLoop", Rate(loop.Hold, maxWait),
                        $"The loop {cycle} sends the contact back into a wait, {loop.Turns} times at most (an attempt counter leaves it): it holds a silent contact for {Durations.Short(loop.Hold)}.",
                        loop.Hold > maxWait ? $"Shorten its waits so that {loop.Turns} turns fit in {Durations.Short(maxWait)} (Repair-StudioFlow does), or count fewer attempts." : "Nothing to do.");
                else if (loop.Holds)
                    Add(loop.First, "WaitInLoop", Rate(loop.Hold, maxWait),
                        $"The loop {cycle} sends the contact back into a wait each time it times out: the execution can stay active for {Durations.Short(loop.Hold)}, until Studio's own limits end it (the same widget {StudioCatalogue.SameWidgetInARow} times in a row, {StudioCatalogue.MaxSteps:n0} steps, or {StudioCatalogue.MaxAge.TotalDays:0} days), and the contact gets no new conversation meanwhile.",
                        "Count the attempts (Set Variables and Split Based On) and leave the loop after a few, or end the execution when the wait times out.");
                else
                    Add(loop.First, "WaitInLoop", StudioFindingSeverity.Info,
                        $"When delivery fails, the loop {cycle} sends the message again: it blocks a silent contact for seconds only, since Studio stops an execution after {loop.Turns} turns (the same widget 10 times in a row, or 1,000 steps), but it can cost {loop.Turns} sends.",
                        "Connect deliveryFailure to an end (or to a widget that logs the failure) instead of sending the same message again.");
            }

            foreach (var w in waiting.Where(w => !looping.Contains(w.Name)))
            {
                foreach (var (evt, next) in w.Transitions.Where(t => t.Event == "timeout" && graph.Widgets.ContainsKey(t.Next)))
                {
                    var into = NextWait(graph, next);
                    if (into is null || into.Name == w.Name) continue;
                    var total = w.Wait!.Value + into.Wait!.Value;
                    Add(w, "TimeoutIntoWait", total > maxWait ? StudioFindingSeverity.Warning : StudioFindingSeverity.Info,
                        $"When {w.Name} times out after {Durations.Short(w.Wait.Value)}, the contact is sent on to {into.Name}, which waits another {Durations.Short(into.Wait.Value)}: blocked for {Durations.Short(total)} in all.",
                        $"End the execution when {w.Name} times out, or keep the waits together under {Durations.Short(maxWait)}.");
                }
            }

            if (graph.HandlesCalls && graph.AllowConcurrentCalls != true && graph.Widgets.TryGetValue(graph.Initial, out var trigger))
            {
                var why = graph.AllowConcurrentCalls is null
                    ? "The flow has no flags.allow_concurrent_calls (flows made before October 2018 lack it)"
                    : "The flow sets flags.allow_concurrent_calls to false";
                Add(trigger, "NoConcurrentCalls", StudioFindingSeverity.Error,
                    $"{why}: while one call's execution is stuck, every other call to this flow is turned away.",
                    "In the Trigger widget, allow concurrent calls, then publish the flow.");
            }

            if (graph.HandlesCalls)
            {
                foreach (var w in graph.Widgets.Values.Where(x => reachable.Contains(x.Name) && StudioCatalogue.WaitsForCallStatus(x.Type)).OrderBy(x => x.Name, StringComparer.Ordinal))
                {
                    Add(w, "CallStatusWait", StudioFindingSeverity.Info,
                        "Holds the execution until Twilio reports the call's status; if that status never comes, the execution stays active and blocks the caller.",
                        "Connect every transition of this widget, and watch for executions sitting here: Get-StudioExecution -Status Active | Get-StudioExecutionStep -Last 1.");
                }
            }
            foreach (var w in graph.Widgets.Values.Where(x => reachable.Contains(x.Name) && x.Type == StudioCatalogue.RunSubflow).OrderBy(x => x.Name, StringComparer.Ordinal))
            {
                Add(w, "SubflowWait", StudioFindingSeverity.Info,
                    "Waits for the subflow to finish: whatever strands the subflow strands this flow too.",
                    "Audit the subflow as well (Test-StudioFlow on it), and connect this widget's failure transition.");
            }

            var (worst, unbounded, worstPath) = hold.Worst(reachable);
            var problems = findings.ToArray();
            var worstCase = !graph.Widgets.TryGetValue(graph.Initial, out var start) ? null : Add(start, "WorstCase", StudioFindingSeverity.Info,
                    worstPath == "no waits"
                        ? "No widget waits on the contact: a contact who goes silent is not held."
                        : $"A contact who goes silent can be blocked for up to {Durations.Short(worst)}{(unbounded ? ", until Studio's own limits end the execution" : "")} ({worstPath}). Get-StudioStuckExecution counts the same hold.",
                    worst > maxWait ? $"Bring the worst case under {Durations.Short(maxWait)}: fix the Error and Warning findings of this flow." : "Nothing to do.");
            return new StudioFlowAudit
            {
                FlowSid = flowSid, FlowName = flowName, Path = path, WorstCaseBlocked = worst, IsUnbounded = unbounded,
                WorstCasePath = worstPath, Findings = new StudioList<StudioFlowFinding>(problems), WorstCase = worstCase,
                Errors = findings.Count(f => f.Level == StudioFindingSeverity.Error), Warnings = findings.Count(f => f.Level == StudioFindingSeverity.Warning),
            };
        }

        /// <summary>How bad a hold of <paramref name="held"/> is: Info within -MaxWait, Warning beyond it, Error from a day.</summary>
        private static StudioFindingSeverity Rate(TimeSpan held, TimeSpan maxWait) => HoldRating.Rate(held, maxWait);

        /// <summary>The first waiting widget reached from <paramref name="from"/> (itself included), breadth first.</summary>
        private static Widget? NextWait(FlowGraph graph, string from)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var queue = new Queue<string>();
            queue.Enqueue(from);
            while (queue.Count > 0)
            {
                var n = queue.Dequeue();
                if (!seen.Add(n)) continue;
                var w = graph.Widgets[n];
                if (w.Waits) return w;
                foreach (var next in graph.Next(n)) queue.Enqueue(next);
            }
            return null;
        }

        /// <summary>A shortest cycle through <paramref name="start"/> within a component, as widget names.</summary>
        internal static List<string> Cycle(FlowGraph graph, string start, HashSet<string> within)
        {
            var parent = new Dictionary<string, string>(StringComparer.Ordinal);
            var queue = new Queue<string>();
            foreach (var n in graph.Next(start).Where(within.Contains))
            {
                if (n == start) return new List<string> { start, start };
                if (!parent.ContainsKey(n)) { parent[n] = start; queue.Enqueue(n); }
            }
            while (queue.Count > 0)
            {
                var n = queue.Dequeue();
                foreach (var m in graph.Next(n).Where(within.Contains))
                {
                    if (m == start)
                    {
                        var path = new List<string> { start };
                        for (var x = n; x != start; x = parent[x]) path.Insert(1, x);
                        path.Add(start);
                        return path;
                    }
                    if (!parent.ContainsKey(m)) { parent[m] = n; queue.Enqueue(m); }
                }
            }
            return new List<string> { start };
        }
    }
}
