using StudioCmdlets.Audit;
using StudioCmdlets.Model;

namespace StudioCmdlets.Tests;

/// <summary>Each audit rule on small hand-written definitions, and the worst case on branches and cycles.</summary>
public sealed class AuditTests
{
    private static readonly TimeSpan FourHours = TimeSpan.FromHours(4);

    // A tiny definition language: "name:type:timeout" widgets and "from-event->to" transitions.
    private static string Flow(string[] widgets, string[] transitions, string flags = """{"allow_concurrent_calls": true}""", string trigger = "incomingMessage")
    {
        var states = new List<string>
        {
            $$"""{"name":"Trigger","type":"trigger","properties":{},"transitions":[{"event":"{{trigger}}","next":"{{transitions[0].Split("->")[1]}}"}]}""",
        };
        foreach (var w in widgets)
        {
            var parts = w.Split(':');
            var name = parts[0];
            var props = parts.Length > 2 && parts[2].Length > 0 ? $$"""{"timeout":"{{parts[2]}}"}""" : "{}";
            var ts = transitions.Skip(1).Where(t => t.Split('-')[0] == name)
                .Select(t => { var ev = t.Split("->")[0].Split('-')[1]; var next = t.Split("->")[1]; return $$"""{"event":"{{ev}}","next":"{{next}}"}"""; });
            states.Add($$"""{"name":"{{name}}","type":"{{parts[1]}}","properties":{{props}},"transitions":[{{string.Join(",", ts)}}]}""");
        }
        return $$"""{"description":"test","states":[{{string.Join(",", states)}}],"initial_state":"Trigger","flags":{{flags}}}""";
    }

    private static StudioFlowAudit Audit(string json) => FlowAuditor.Audit(FlowGraph.Parse(json), null, "test", FourHours, null);

    /// <summary>No stranding loop: the longest a contact can stay blocked is <paramref name="worst"/>.</summary>
    private static void AssertBoundedBy(StudioFlowAudit audit, TimeSpan worst)
    {
        Assert.DoesNotContain(audit.Findings, f => f.Rule == "WaitInLoop");
        Assert.False(audit.IsUnbounded);
        Assert.Equal(worst, audit.WorstCaseBlocked);
    }

    [Fact]
    public void A_clean_flow_has_no_findings()
    {
        var audit = Audit(Flow(
            ["ask:send-and-wait-for-reply:1800", "route:split-based-on", "bye:send-message", "agent:send-to-flex"],
            ["Trigger->ask", "ask-incomingMessage->route", "ask-timeout->bye", "route-match->agent", "route-noMatch->agent"]));
        Assert.Empty(audit.Findings);
        Assert.Equal(TimeSpan.FromMinutes(30), audit.WorstCaseBlocked);
        Assert.False(audit.IsUnbounded);
        Assert.Equal("ask 30m", audit.WorstCasePath);
    }

    [Fact]
    public void The_repair_shortens_the_waits_of_the_worst_case_whatever_they_are_named()
    {
        // Widgets named like the words of a printed path ("loop", "x3"): the repair reads the waits as data, not from the text.
        var json = Flow(
            ["loop:send-and-wait-for-reply:10800", "x3:send-and-wait-for-reply:10800", "bye:send-message"],
            ["Trigger->loop", "loop-timeout->x3", "loop-incomingMessage->bye", "x3-timeout->bye", "x3-incomingMessage->bye"]);
        Assert.Equal(TimeSpan.FromHours(6), Audit(json).WorstCaseBlocked);
        var (repaired, changes) = FlowRepairer.Repair(json, FourHours, 3, null);
        Assert.Contains(changes, c => c.Widget == "loop" && c.Property == "timeout");
        Assert.Contains(changes, c => c.Widget == "x3" && c.Property == "timeout");
        Assert.True(Audit(FlowRepairer.Text(repaired, false)).WorstCaseBlocked <= FourHours);
    }

    [Theory]
    [InlineData("86400", "LongWait", StudioFindingSeverity.Error)]
    [InlineData("18000", "LongWait", StudioFindingSeverity.Warning)]
    [InlineData("14400", null, null)]
    [InlineData("", null, null)] // no timeout: Studio's default of one hour
    public void Long_waits_are_reported_past_the_threshold(string timeout, string? rule, StudioFindingSeverity? severity)
    {
        var audit = Audit(Flow(["ask:send-and-wait-for-reply:" + timeout], ["Trigger->ask"]));
        if (rule is null) { Assert.Empty(audit.Findings); return; }
        var f = Assert.Single(audit.Findings);
        Assert.Equal(rule, f.Rule);
        Assert.Equal(severity, f.Level);
        Assert.Equal("ask", f.Widget);
        Assert.Equal("send-and-wait-for-reply", f.WidgetType);
        Assert.Contains("ignored", f.Detail);
        Assert.Contains("14400 seconds", f.Recommendation);
    }

    [Fact]
    public void A_wait_inside_a_loop_is_unbounded()
    {
        var audit = Audit(Flow(
            ["greet:send-and-wait-for-reply:3600", "nudge:send-and-wait-for-reply:1800", "done:send-to-flex"],
            ["Trigger->greet", "greet-timeout->nudge", "nudge-timeout->greet", "greet-incomingMessage->done", "nudge-incomingMessage->done"]));
        var f = Assert.Single(audit.Findings);
        Assert.Equal("WaitInLoop", f.Rule);
        Assert.Equal(StudioFindingSeverity.Error, f.Level);
        Assert.Contains("greet -> nudge -> greet", f.Detail);
        Assert.True(audit.IsUnbounded);
        // Held until Studio's own limits: 500 turns of 1 h 30 min (1,000 steps) is past 30 days, so 30 days.
        Assert.Equal(TimeSpan.FromDays(30), audit.WorstCaseBlocked);
        Assert.Equal("loop greet -> nudge -> greet", audit.WorstCasePath);
    }

    [Fact]
    public void A_loop_the_contact_re_enters_only_by_answering_ends_when_they_go_silent()
    {
        // A menu that asks again after an unrecognised answer: once the contact is silent, the 10-minute timeout ends it.
        var audit = Audit(Flow(
            ["confirm:send-and-wait-for-reply:600", "check:split-based-on", "thanks:send-message"],
            ["Trigger->confirm", "confirm-incomingMessage->check", "check-noMatch->confirm", "check-match->thanks"]));
        AssertBoundedBy(audit, TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void A_timeout_that_leads_into_another_wait_is_reported_with_the_total()
    {
        var audit = Audit(Flow(
            ["a:send-and-wait-for-reply:7200", "note:send-message", "b:send-and-wait-for-reply:10800"],
            ["Trigger->a", "a-timeout->note", "note-sent->b"]));
        var f = Assert.Single(audit.Findings);
        Assert.Equal("TimeoutIntoWait", f.Rule);
        Assert.Equal(StudioFindingSeverity.Warning, f.Level);
        Assert.Equal("a", f.Widget);
        Assert.Contains("sent on to b", f.Detail);
        Assert.Contains("5h in all", f.Detail);
        Assert.Equal(TimeSpan.FromHours(5), audit.WorstCaseBlocked);
        Assert.Equal("a 2h -> b 3h", audit.WorstCasePath);
    }

    [Theory]
    [InlineData("{}", true)]
    [InlineData("""{"allow_concurrent_calls": false}""", true)]
    [InlineData("""{"allow_concurrent_calls": true}""", false)]
    public void Voice_flows_without_concurrent_calls_are_reported(string flags, bool reported)
    {
        var audit = Audit(Flow(["menu:gather-input-on-call:5", "queue:enqueue-call"], ["Trigger->menu", "menu-keypress->queue", "menu-timeout->menu"], flags, "incomingCall"));
        Assert.Equal(reported, audit.Findings.Any(f => f.Rule == "NoConcurrentCalls" && f.Widget == "Trigger" && f.Level == StudioFindingSeverity.Error));
        // The call's own wait widgets are noted, and a menu that repeats itself on a live call is not a stranding loop.
        Assert.Contains(audit.Findings, f => f.Rule == "CallStatusWait" && f.Widget == "queue" && f.Level == StudioFindingSeverity.Info);
        AssertBoundedBy(audit, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Worst_case_takes_the_longest_branch_and_ignores_unreachable_widgets()
    {
        var audit = Audit(Flow(
            ["split:split-based-on", "x:send-and-wait-for-reply:3600", "y:send-and-wait-for-reply:7200", "z:send-and-wait-for-reply:10800", "orphan:send-and-wait-for-reply:999999"],
            ["Trigger->split", "split-match->x", "split-noMatch->y", "y-incomingMessage->z"]));
        // Blocked counts from where the contact goes silent: z, reached only by answering y, holds them 3 h.
        Assert.Equal(TimeSpan.FromHours(3), audit.WorstCaseBlocked);
        Assert.Equal("z 3h", audit.WorstCasePath);
        Assert.DoesNotContain(audit.Findings, f => f.Widget == "orphan");
        Assert.Empty(audit.Findings);
    }

    [Fact]
    public void A_reachable_loop_re_entered_by_a_timeout_anywhere_makes_the_worst_case_unbounded()
    {
        var audit = Audit(Flow(
            ["split:split-based-on", "short:send-and-wait-for-reply:60", "a:send-and-wait-for-reply:60", "b:split-based-on"],
            ["Trigger->split", "split-match->short", "split-noMatch->a", "a-timeout->b", "b-noMatch->a"]));
        Assert.True(audit.IsUnbounded);
        Assert.StartsWith("loop a -> b -> a", audit.WorstCasePath);
    }

    [Fact]
    public void Flow_resources_are_read_and_non_definitions_refused()
    {
        var inner = Flow(["ask:send-and-wait-for-reply:86400"], ["Trigger->ask"]);
        var resource = $$"""{"sid":"FW00000000000000000000000000000001","friendly_name":"x","definition":{{inner}}}""";
        Assert.Equal("LongWait", Assert.Single(Audit(resource).Findings).Rule);
        Assert.Throws<FormatException>(() => FlowGraph.Parse("""{"hello":"world"}"""));
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => FlowGraph.Parse("not json"));
    }

    [Fact]
    public void A_wait_that_leads_back_to_itself_is_held_ten_times_at_most()
    {
        // Studio ends an execution when the same widget runs 10 times in a row.
        var audit = Audit(Flow(
            ["ask:send-and-wait-for-reply:600", "done:send-to-flex"],
            ["Trigger->ask", "ask-timeout->ask", "ask-incomingMessage->done"]));
        Assert.True(audit.IsUnbounded);
        Assert.Equal(TimeSpan.FromMinutes(100), audit.WorstCaseBlocked);
    }
    [Fact]
    public void A_short_loop_is_rated_by_the_time_it_holds_a_silent_contact()
    {
        // Ten turns of a 10-minute wait hold a silent contact 100 minutes: under -MaxWait, so visible at Info only.
        var audit = Audit(Flow(
            ["ask:send-and-wait-for-reply:600", "done:send-to-flex"],
            ["Trigger->ask", "ask-timeout->ask", "ask-incomingMessage->done"]));
        var f = Assert.Single(audit.Findings);
        Assert.Equal("WaitInLoop", f.Rule);
        Assert.Equal(StudioFindingSeverity.Info, f.Level);
        Assert.Contains("1h 40m", f.Detail);
        Assert.Equal(0, audit.Errors + audit.Warnings);
    }

    [Fact]
    public void A_resend_on_delivery_failure_costs_sends_not_blocked_time()
    {
        // Studio stops the re-sends after the same widget runs 10 times in a row, seconds after the first failure;
        // a delivered message waits its 30 minutes once.
        var audit = Audit(Flow(
            ["confirm:send-and-wait-for-reply:1800", "thanks:send-message"],
            ["Trigger->confirm", "confirm-deliveryFailure->confirm", "confirm-incomingMessage->thanks"]));
        var f = Assert.Single(audit.Findings);
        Assert.Equal("WaitInLoop", f.Rule);
        Assert.Equal(StudioFindingSeverity.Info, f.Level);
        Assert.Contains("10 sends", f.Detail);
        Assert.False(audit.IsUnbounded);
        Assert.Equal(TimeSpan.FromMinutes(30), audit.WorstCaseBlocked);
        Assert.Equal("confirm 30m", audit.WorstCasePath);
    }

    [Fact]
    public void A_resend_that_leads_into_a_long_wait_counts_only_the_long_wait()
    {
        // Delivery fails at once: the contact is then held by b alone, not by a's timeout and b together.
        var audit = Audit(Flow(
            ["a:send-and-wait-for-reply:600", "b:send-and-wait-for-reply:7200"],
            ["Trigger->a", "a-deliveryFailure->b"]));
        Assert.Equal(TimeSpan.FromHours(2), audit.WorstCaseBlocked);
        Assert.Equal("b 2h", audit.WorstCasePath);
    }

    [Fact]
    public void A_voice_menu_of_chained_gathers_raises_nothing_above_info()
    {
        // A caller who hangs up ends the call, and the execution with it: seconds of gathers strand nobody.
        var audit = Audit(Flow(
            ["m1:gather-input-on-call:5", "m2:gather-input-on-call:5", "m3:gather-input-on-call:5", "m4:gather-input-on-call:5", "m5:gather-input-on-call:5", "m6:gather-input-on-call:5", "queue:enqueue-call"],
            ["Trigger->m1", "m1-timeout->m2", "m2-timeout->m3", "m3-timeout->m4", "m4-timeout->m5", "m5-timeout->m6", "m6-timeout->m1", "m1-keypress->queue"],
            trigger: "incomingCall"));
        Assert.Equal(0, audit.Errors + audit.Warnings);
        Assert.All(audit.Findings, f => Assert.Equal(StudioFindingSeverity.Info, f.Level));
    }

    [Fact]
    public void Each_flow_has_its_worst_case_as_one_finding_beside_its_findings()
    {
        var audit = Audit(Flow(
            ["a:send-and-wait-for-reply:7200", "note:send-message", "b:send-and-wait-for-reply:10800"],
            ["Trigger->a", "a-timeout->note", "note-sent->b"]));
        var worst = Assert.IsType<StudioFlowFinding>(audit.WorstCase);
        Assert.Equal("WorstCase", worst.Rule);
        Assert.Equal(StudioFindingSeverity.Info, worst.Level);
        Assert.Equal("Trigger", worst.Widget);
        Assert.Contains("up to 5h (a 2h -> b 3h)", worst.Detail);
        Assert.DoesNotContain(audit.Findings, f => f.Rule == "WorstCase");
    }
    [Fact]
    public void One_hold_serves_executions_triaged_at_once()
    {
        // Get-StudioStuckExecution shares a revision's SilentHold across its requests in flight (5,000 once broke its memo).
        const int n = 1500;
        var widgets = Enumerable.Range(0, n).Select(i => $"w{i}:send-and-wait-for-reply:60").ToArray();
        var transitions = new[] { "Trigger->w0" }.Concat(Enumerable.Range(0, n - 1).Select(i => $"w{i}-timeout->w{i + 1}")).ToArray();
        var graph = FlowGraph.Parse(Flow(widgets, transitions));
        for (var round = 0; round < 5; round++)
        {
            // A fresh hold each round: its memo (1,500 entries, resized as it grows) is filled by many threads at once.
            var hold = new SilentHold(graph);
            var results = new System.Collections.Concurrent.ConcurrentDictionary<int, TimeSpan>();
            using var start = new Barrier(8);
            Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
            {
                start.SignalAndWait();
                for (var i = n - 1 - t; i >= 0; i -= 8) results[i] = hold.From("w" + i).Hold;
            });
            Assert.Equal(n, results.Count);
            for (var i = 0; i < n; i++) Assert.Equal(TimeSpan.FromSeconds(60 * (n - i)), results[i]);
        }
    }
}
