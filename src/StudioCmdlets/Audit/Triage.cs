namespace StudioCmdlets.Audit
{
    /// <summary>
    /// Classifies an active execution from its latest step and its flow revision's definition. A call widget holds
    /// someone on the line, unless it has held the execution longer than any call lasts (the call's final status
    /// never reached Studio). Otherwise Live comes first (the contact moved it within the live window), then when
    /// Studio would release it by itself (<see cref="SilentHold"/>, the rule Test-StudioFlow uses): within the
    /// threshold it is Waiting, later or never it is Stranded, and a release that is overdue by more than the grace
    /// is Stranded too: Studio has shown it will not release it.
    /// </summary>
    internal static class Triage
    {
        public static StudioStuckExecution Classify(StudioExecution e, IReadOnlyList<StudioExecutionStep> steps, FlowGraph? graph, Func<FlowGraph, SilentHold> holdOf,
            DateTimeOffset now, TriageLimits limits)
        {
            var t = new StudioStuckExecution
            {
                Sid = e.Sid, FlowSid = e.FlowSid, FlowName = e.FlowName, ContactAddress = e.ContactAddress, AccountSid = e.AccountSid,
                DateCreated = e.DateCreated, FlowRevision = e.FlowRevision,
            };
            var latest = steps.Count > 0 ? steps[steps.Count - 1] : null;
            if (latest is null) return Unknown(t, "Studio lists no step for it.");
            t.Widget = latest.TransitionedTo;
            t.WidgetType = latest.WidgetType;
            t.WaitingSince = latest.DateCreated;
            var latestAt = latest.DateCreated;
            var studioEnds = e.DateCreated + StudioCatalogue.MaxAge;
            if (graph is null) return Unknown(t, $"The definition of revision {e.FlowRevision?.ToString() ?? "(none)"} of its flow could not be read.");
            if (t.Widget is null || !graph.Widgets.TryGetValue(t.Widget, out var widget))
                return Unknown(t, $"It sits on '{t.Widget}', which revision {e.FlowRevision} of its flow does not have.");
            t.WidgetType = widget.Type;
            t.Timeout = widget.Wait;
            var held = now - latestAt;

            if (StudioCatalogue.HoldsCall(widget.Type, graph.HandlesCalls))
            {
                if (held <= limits.CallTimeLimit + limits.Grace)
                    return State(t, StudioExecutionState.Live, $"A call is in progress ({widget.Type}): someone is on the line.", null);
                t.ReleasesAt = studioEnds;
                return State(t, StudioExecutionState.Stranded,
                    $"It has held a call at {widget.Name} ({widget.Type}) for {Durations.Short(held)}, longer than any call lasts (Twilio ends a call at its time limit, {Durations.Short(limits.CallTimeLimit)}; -CallTimeLimit): the call's final status never reached Studio, and only Studio's {StudioCatalogue.MaxAgeWords} limit ends it.",
                    studioEnds);
            }
            // Live means the contact answered (or the execution started) lately. A timeout, a failed delivery, an attempt
            // counter's next or noMatch after a timeout: each is Studio moving on while the contact says nothing.
            var lastActive = steps.Where(s => StudioCatalogue.IsReply(s.Name)).Select(s => s.DateCreated).DefaultIfEmpty(e.DateCreated).Max();
            if (lastActive < e.DateCreated) lastActive = e.DateCreated;
            var since = now - lastActive;
            if (since < limits.LiveWindow)
                return State(t, StudioExecutionState.Live, $"It moved {Durations.Short(since)} ago, within the live window of {Durations.Short(limits.LiveWindow)}.", null);

            if (!widget.Waits)
            {
                // Anything else that holds an execution is waiting for a callback (a Function, an HTTP request, a
                // subflow, a status) that should have come at once: nothing releases it but Studio's 30 days.
                t.ReleasesAt = studioEnds;
                return State(t, StudioExecutionState.Stranded, $"It waits on a callback at {widget.Name} ({widget.Type}) that has not come in {Durations.Short(held)}; only Studio's {StudioCatalogue.MaxAgeWords} limit ends it.", studioEnds);
            }
            var (hold, loop, path) = holdOf(graph).From(widget.Name);
            var releases = latestAt + hold;
            if (releases > studioEnds) releases = studioEnds;
            t.ReleasesAt = releases;
            var left = releases - now;
            var how = loop ? $"its waits loop ({string.Join(" -> ", path)}) until Studio's own limits end it"
                : $"after {string.Join(" -> ", path)}";
            if (left < -limits.Grace)
                return State(t, StudioExecutionState.Stranded,
                    $"Studio should have released it {Durations.Short(-left)} ago ({how}) and has not: it will not release it by itself, and only Studio's {StudioCatalogue.MaxAgeWords} limit ends it.",
                    studioEnds);
            if (left <= limits.Threshold)
                return State(t, StudioExecutionState.Waiting, $"Studio releases it by itself in {Durations.Short(left < TimeSpan.Zero ? TimeSpan.Zero : left)} ({how}): within the threshold of {Durations.Short(limits.Threshold)}.", releases);
            return State(t, StudioExecutionState.Stranded, $"It waits on the contact at {widget.Name}; Studio releases it only in {Durations.Short(left)} ({how}).", releases);
        }

        private static StudioStuckExecution Unknown(StudioStuckExecution t, string why) => State(t, StudioExecutionState.Unknown, why, null);

        private static StudioStuckExecution State(StudioStuckExecution t, StudioExecutionState state, string reason, DateTimeOffset? releases)
        {
            t.Verdict = state;
            t.Reason = reason;
            if (releases is not null) t.ReleasesAt = releases;
            return t;
        }
    }
}
