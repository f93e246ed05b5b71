using StudioCmdlets.Audit;
using StudioCmdlets.Model;

namespace StudioCmdlets.Tests;

/// <summary>
/// The triage rule itself, one case each, on a hand-written flow and hand-written steps: a failure names the rule
/// (what counts as the contact moving an execution, a call, a callback, a release soon or late), not a scenario.
/// </summary>
public sealed class TriageTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly TriageLimits Limits = new(TimeSpan.FromHours(1), TimeSpan.FromMinutes(30), StudioCatalogue.DefaultCallTimeLimit);

    // An SMS flow: ask waits an hour; its timeout goes through an attempt counter (as Repair-StudioFlow adds one) back
    // to ask, three times at most; fn is a Function whose callback may never come; call holds a call in a voice flow.
    private const string Definition = """
        {"description":"t","initial_state":"Trigger","flags":{"allow_concurrent_calls":true},"states":[
          {"name":"Trigger","type":"trigger","properties":{},"transitions":[{"event":"incomingMessage","next":"ask"},{"event":"incomingCall","next":"call"}]},
          {"name":"ask","type":"send-and-wait-for-reply","properties":{"timeout":"3600"},"transitions":[{"event":"incomingMessage","next":"fn"},{"event":"timeout","next":"count"}]},
          {"name":"count","type":"set-variables","properties":{"variables":[{"key":"count","value":"{{flow.variables.count | plus: 1}}"}]},"transitions":[{"event":"next","next":"check"}]},
          {"name":"check","type":"split-based-on","properties":{"input":"{{flow.variables.count}}"},"transitions":[{"event":"noMatch","next":"ask"},
            {"event":"match","conditions":[{"friendly_name":"3","arguments":["{{flow.variables.count}}"],"type":"equal_to","value":"3"}]}]},
          {"name":"fn","type":"run-function","properties":{},"transitions":[{"event":"success","next":"last"},{"event":"fail"}]},
          {"name":"last","type":"send-and-wait-for-reply","properties":{"timeout":"3600"},"transitions":[{"event":"incomingMessage"},{"event":"timeout"}]},
          {"name":"call","type":"enqueue-call","properties":{},"transitions":[{"event":"callComplete"}]}
        ]}
        """;

    private static readonly FlowGraph Graph = FlowGraph.Parse(Definition);

    private static StudioExecutionStep Step(string evt, string from, string to, TimeSpan ago)
        => new() { Name = evt, TransitionedFrom = from, TransitionedTo = to, DateCreated = Now - ago };

    private static StudioStuckExecution Classify(TimeSpan age, params StudioExecutionStep[] steps)
    {
        var e = new StudioExecution { Sid = "FN00000000000000000000000000000001", FlowSid = "FW00000000000000000000000000000001", DateCreated = Now - age, FlowRevision = 1 };
        return Triage.Classify(e, steps, Graph, g => new SilentHold(g), Now, Limits);
    }

    private static readonly TimeSpan Minutes5 = TimeSpan.FromMinutes(5);

    [Fact]
    public void A_silent_contact_moved_on_by_the_attempt_counter_is_not_Live()
    {
        // Started 3 h ago; ask timed out twice, each time the counter's next and the split's noMatch took it back to ask,
        // the last 5 minutes ago. Nobody answered: those steps are Studio's, not the contact's.
        var t = Classify(TimeSpan.FromHours(3),
            Step("incomingMessage", "Trigger", "ask", TimeSpan.FromHours(3)),
            Step("timeout", "ask", "count", TimeSpan.FromHours(2)), Step("next", "count", "check", TimeSpan.FromHours(2)), Step("noMatch", "check", "ask", TimeSpan.FromHours(2)),
            Step("timeout", "ask", "count", Minutes5), Step("next", "count", "check", Minutes5), Step("noMatch", "check", "ask", Minutes5));
        Assert.NotEqual(StudioExecutionState.Live, t.Verdict);
        // The counter bounds the loop: Studio releases it by itself, within the loop's three hours.
        Assert.Equal("ask", t.Widget);
        Assert.NotNull(t.ReleasesAt);
        Assert.InRange(t.ReleasesAt!.Value - Now, TimeSpan.FromMinutes(50), TimeSpan.FromHours(3));
    }

    [Fact]
    public void A_reply_within_the_live_window_is_Live_and_one_before_it_is_not()
    {
        var live = Classify(TimeSpan.FromHours(3), Step("incomingMessage", "Trigger", "ask", TimeSpan.FromHours(3)), Step("incomingMessage", "ask", "fn", Minutes5));
        Assert.Equal(StudioExecutionState.Live, live.Verdict);
        var old = Classify(TimeSpan.FromHours(3), Step("incomingMessage", "Trigger", "ask", TimeSpan.FromHours(3)), Step("incomingMessage", "ask", "fn", TimeSpan.FromHours(2)));
        Assert.Equal(StudioExecutionState.Stranded, old.Verdict);
    }

    [Fact]
    public void A_new_execution_is_Live_whatever_its_steps()
    {
        var t = Classify(Minutes5, Step("incomingMessage", "Trigger", "ask", Minutes5));
        Assert.Equal(StudioExecutionState.Live, t.Verdict);
    }

    [Fact]
    public void A_callback_that_never_came_is_Stranded_until_Studio_ends_it_after_30_days()
    {
        var t = Classify(TimeSpan.FromHours(2), Step("incomingMessage", "Trigger", "ask", TimeSpan.FromHours(2)), Step("incomingMessage", "ask", "fn", TimeSpan.FromHours(2)));
        Assert.Equal(StudioExecutionState.Stranded, t.Verdict);
        Assert.Equal(Now - TimeSpan.FromHours(2) + StudioCatalogue.MaxAge, t.ReleasesAt);
    }

    [Fact]
    public void A_call_is_Live_within_the_call_time_limit_and_Stranded_beyond_it()
    {
        var onTheLine = Classify(TimeSpan.FromHours(1), Step("incomingCall", "Trigger", "call", TimeSpan.FromHours(1)));
        Assert.Equal(StudioExecutionState.Live, onTheLine.Verdict);
        var gone = Classify(TimeSpan.FromHours(5), Step("incomingCall", "Trigger", "call", TimeSpan.FromHours(5)));
        Assert.Equal(StudioExecutionState.Stranded, gone.Verdict);
    }

    [Fact]
    public void A_wait_Studio_releases_within_the_threshold_is_Waiting_and_one_overdue_is_Stranded()
    {
        // The contact answered 40 minutes ago and the Function sent them on to last, which waits an hour: 20 minutes left.
        var soon = Classify(TimeSpan.FromHours(3), Step("incomingMessage", "Trigger", "ask", TimeSpan.FromHours(3)),
            Step("incomingMessage", "ask", "fn", TimeSpan.FromMinutes(40)), Step("success", "fn", "last", TimeSpan.FromMinutes(40)));
        Assert.Equal(StudioExecutionState.Waiting, soon.Verdict);
        // A wait that should have ended hours ago and has not: Studio will not release it.
        var overdue = Classify(TimeSpan.FromDays(2), Step("incomingMessage", "Trigger", "ask", TimeSpan.FromDays(2)));
        Assert.Equal(StudioExecutionState.Stranded, overdue.Verdict);
        Assert.Contains("should have released it", overdue.Reason);
    }
}
