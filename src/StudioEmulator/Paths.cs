namespace StudioEmulator;

/// <summary>The journeys executions take through the scenario's flows, as step lists.</summary>
internal static class Paths
{
    private static StepTemplate S(string evt, string from, string to, string type, double seconds)
        => new(evt, from, to, type, TimeSpan.FromSeconds(seconds));

    public static readonly StepTemplate[] SmsWaiting = { S("incomingMessage", "Trigger", "ask_reason", "send-and-wait-for-reply", 1) };
    public static readonly StepTemplate[] ReminderWaiting = { S("incomingRequest", "Trigger", "confirm", "send-and-wait-for-reply", 1) };
    public static readonly StepTemplate[] VoiceInMenu = { S("incomingCall", "Trigger", "main_menu", "gather-input-on-call", 1) };
    /// <summary>Asked a day ago, no answer: the day's timeout moved it on to last_call, which waits an hour.</summary>
    public static readonly StepTemplate[] SmsLastCall = { S("incomingMessage", "Trigger", "ask_reason", "send-and-wait-for-reply", 1), S("timeout", "ask_reason", "last_call", "send-and-wait-for-reply", 86401) };
    /// <summary>The caller pressed a key and waits in the queue, or talks to an agent.</summary>
    public static readonly StepTemplate[] VoiceWithAgent = { S("incomingCall", "Trigger", "main_menu", "gather-input-on-call", 1), S("keypress", "main_menu", "to_queue", "enqueue-call", 9) };

    /// <summary>A reminder answered (not YES) at <paramref name="answeredAfter"/>, and asked again.</summary>
    public static StepTemplate[] ReminderAnsweredAgain(TimeSpan answeredAfter) => new[]
    {
        S("incomingRequest", "Trigger", "confirm", "send-and-wait-for-reply", 1),
        S("incomingMessage", "confirm", "check_reply", "split-based-on", answeredAfter.TotalSeconds),
        S("noMatch", "check_reply", "confirm", "send-and-wait-for-reply", answeredAfter.TotalSeconds + 1),
    };

    /// <summary>The webchat flow's wait loop: greet times out to nudge, nudge back to greet, for as long as it has lived.</summary>
    public static StepTemplate[] WebchatLoop(TimeSpan age)
    {
        var steps = new List<StepTemplate> { S("incomingConversationMessage", "Trigger", "greet", "send-and-wait-for-reply", 1) };
        var t = 1.0;
        var onGreet = true;
        while (true)
        {
            t += onGreet ? 14400 : 3600;
            if (t >= age.TotalSeconds) break;
            steps.Add(onGreet ? S("timeout", "greet", "nudge", "send-and-wait-for-reply", t) : S("timeout", "nudge", "greet", "send-and-wait-for-reply", t));
            onGreet = !onGreet;
        }
        return steps.ToArray();
    }

    private static readonly Dictionary<string, StepTemplate[][]> EndedPaths = new()
    {
        ["sms"] = new[]
        {
            new[] { S("incomingMessage", "Trigger", "ask_reason", "send-and-wait-for-reply", 1), S("incomingMessage", "ask_reason", "route_reply", "split-based-on", 45),
                    S("match", "route_reply", "to_flex", "send-to-flex", 46), S("taskCreated", "to_flex", "Ended", "end", 47) },
            new[] { S("incomingMessage", "Trigger", "ask_reason", "send-and-wait-for-reply", 1), S("incomingMessage", "ask_reason", "route_reply", "split-based-on", 80),
                    S("noMatch", "route_reply", "to_flex", "send-to-flex", 81), S("taskCreated", "to_flex", "Ended", "end", 82) },
            new[] { S("incomingMessage", "Trigger", "ask_reason", "send-and-wait-for-reply", 1), S("timeout", "ask_reason", "last_call", "send-and-wait-for-reply", 86401),
                    S("timeout", "last_call", "Ended", "end", 90001) },
        },
        ["webchat"] = new[]
        {
            new[] { S("incomingConversationMessage", "Trigger", "greet", "send-and-wait-for-reply", 1), S("incomingMessage", "greet", "lookup_order", "run-function", 120),
                    S("success", "lookup_order", "to_flex", "send-to-flex", 121), S("taskCreated", "to_flex", "Ended", "end", 122) },
            new[] { S("incomingConversationMessage", "Trigger", "greet", "send-and-wait-for-reply", 1), S("incomingMessage", "greet", "lookup_order", "run-function", 95),
                    S("fail", "lookup_order", "Ended", "end", 106) },
        },
        ["voice"] = new[]
        {
            new[] { S("incomingCall", "Trigger", "main_menu", "gather-input-on-call", 1), S("keypress", "main_menu", "to_queue", "enqueue-call", 9),
                    S("callComplete", "to_queue", "Ended", "end", 380) },
            new[] { S("incomingCall", "Trigger", "main_menu", "gather-input-on-call", 1), S("keypress", "main_menu", "to_queue", "enqueue-call", 7),
                    S("callFailure", "to_queue", "Ended", "end", 20) },
        },
        ["rest"] = new[]
        {
            new[] { S("incomingRequest", "Trigger", "confirm", "send-and-wait-for-reply", 1), S("incomingMessage", "confirm", "check_reply", "split-based-on", 1800),
                    S("match", "check_reply", "thanks", "send-message", 1801), S("sent", "thanks", "Ended", "end", 1802) },
        },
    };

    /// <summary>A finished journey for an execution of that age: never one that ends in the future.</summary>
    public static StepTemplate[] Ended(string kind, Random rng, TimeSpan age)
    {
        var options = EndedPaths[kind];
        var path = options[rng.Next(options.Length)];
        return path[^1].After < age ? path : options[0];
    }
}
