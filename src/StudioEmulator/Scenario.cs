namespace StudioEmulator;

/// <summary>
/// Lays out the seeded scenarios. The blackout: four contact-centre flows with thousands of executions
/// over the last week, most ended, a few dozen stranded on waiting widgets for hours (the contacts
/// that get no reply), and a few recently active that an admin must leave alone.
/// </summary>
internal static class Scenario
{
    public const int StuckSms = 20, StuckWebchat = 10, StuckReminders = 6;
    public const int DefaultStuck = StuckSms + StuckWebchat + StuckReminders;
    public const int RecentSms = 4, RecentWebchat = 2, RecentVoice = 2;
    /// <summary>One customer blocked in two flows at once, for cross-flow contact searches.</summary>
    public const string CrossFlowContact = "+14155550123";

    private static readonly string[] Messages =
    {
        "Hi, my internet has been down since this morning", "I need help with my bill", "hello?", "Where is my order?",
        "Can I change my appointment?", "I was charged twice", "agent please", "My package never arrived",
        "How do I reset my password", "Is the store open today?", "I want to cancel", "Thanks!",
    };

    private sealed record FlowSpec(string Name, string Definition, string Channel, string Kind, DateTimeOffset Created, double Share);

    public static void Load(Store store, EmulatorOptions o)
    {
        if (o.Scenario == "empty") return;
        var now = store.Now;
        var rng = new Random(o.Seed);
        var specs = new[]
        {
            new FlowSpec("Inbound SMS Support", Definitions.InboundSms, "+15005550006", "sms", now.AddDays(-400), 0.45),
            new FlowSpec("Webchat Concierge", Definitions.WebchatConcierge, "webchat", "webchat", now.AddDays(-200), 0.25),
            new FlowSpec("Voice Main Line", Definitions.VoiceMainLine, "+15005550007", "voice", new DateTimeOffset(2018, 6, 1, 9, 30, 0, TimeSpan.Zero), 0.20),
            new FlowSpec("Appointment Reminders", Definitions.AppointmentReminders, "+15005550008", "rest", now.AddDays(-90), 0.10),
        };
        var flows = new List<(FlowSpec Spec, Flow Flow)>();
        foreach (var s in specs)
        {
            var f = new Flow
            {
                Sid = Sids.Random("FW", rng), FriendlyName = s.Name, Definition = Store.ParseObject(s.Definition),
                DateCreated = s.Created, DateUpdated = s.Created.AddDays(3), ChannelAddress = s.Channel,
                Revision = 1 + rng.Next(12), CommitMessage = "Published from the Studio canvas",
            };
            store.AddFlow(f);
            flows.Add((s, f));
        }

        var batch = new List<Execution>(o.Executions);
        var usedActive = new HashSet<(string, string)>();
        Execution Make(Flow flow, string kind, string contact, DateTimeOffset created, string status, StepTemplate[] path)
        {
            var e = new Execution
            {
                Sid = Sids.Random("FN", rng), FlowSid = flow.Sid, ContactAddress = contact, From = flow.ChannelAddress,
                ContactSid = Sids.Derive("FC", flow.Sid + contact), FlowVersion = flow.Revision, Status = status,
                DateCreated = created, DateUpdated = created + path[^1].After, Path = path,
                InitiatedBy = Sids.Random(kind switch { "sms" => "SM", "webchat" => "CH", "voice" => "CA", _ => "RQ" }, rng),
                TriggerBody = Messages[rng.Next(Messages.Length)],
            };
            if (status == "active" && !usedActive.Add((flow.Sid, contact))) throw new InvalidOperationException("duplicate active contact");
            batch.Add(e);
            return e;
        }

        // Stranded: hours old, sitting on a wait the customer abandoned.
        void Stuck((FlowSpec Spec, Flow Flow) f, int count, Func<TimeSpan, StepTemplate[]> path, string? first = null)
        {
            for (var i = 0; i < count; i++)
            {
                var age = TimeSpan.FromMinutes(270 + rng.Next(60 * 68)); // 4.5 h to 72 h
                var contact = i == 0 && first is not null ? first : Contact(f.Spec.Kind, rng);
                while (usedActive.Contains((f.Flow.Sid, contact))) contact = Contact(f.Spec.Kind, rng);
                Make(f.Flow, f.Spec.Kind, contact, now - age, "active", path(age));
            }
        }
        // Recently active: a live conversation or call that must not be touched.
        void Recent((FlowSpec Spec, Flow Flow) f, int count, StepTemplate[] path)
        {
            for (var i = 0; i < count; i++)
            {
                var contact = Contact(f.Spec.Kind, rng);
                while (usedActive.Contains((f.Flow.Sid, contact))) contact = Contact(f.Spec.Kind, rng);
                Make(f.Flow, f.Spec.Kind, contact, now - TimeSpan.FromMinutes(2 + rng.Next(38)), "active", path);
            }
        }

        var (sms, web, voice, rest) = (flows[0], flows[1], flows[2], flows[3]);
        // 20:10:6 across the waiting flows, as in the default blackout.
        var stuckWeb = o.Stuck * StuckWebchat / DefaultStuck;
        var stuckRest = o.Stuck * StuckReminders / DefaultStuck;
        Stuck(sms, o.Stuck - stuckWeb - stuckRest, _ => Paths.SmsWaiting, CrossFlowContact);
        Stuck(web, stuckWeb, Paths.WebchatLoop);
        Stuck(rest, stuckRest, _ => Paths.ReminderWaiting, CrossFlowContact);
        Recent(sms, RecentSms, Paths.SmsWaiting);
        Recent(web, RecentWebchat, Paths.WebchatLoop(TimeSpan.FromMinutes(1)));
        Recent(voice, RecentVoice, Paths.VoiceInMenu);

        var ended = Math.Max(0, o.Executions - batch.Count);
        var window = TimeSpan.FromDays(7).TotalSeconds;
        for (var i = 0; i < ended; i++)
        {
            var pick = rng.NextDouble();
            var f = o.SingleFlow || pick < 0.45 ? sms : pick < 0.70 ? web : pick < 0.90 ? voice : rest;
            var created = Store.TruncateToSeconds(now - TimeSpan.FromSeconds(3000 + rng.NextDouble() * window));
            var path = Paths.Ended(f.Spec.Kind, rng, now - created);
            Make(f.Flow, f.Spec.Kind, Contact(f.Spec.Kind, rng), created, "ended", path);
        }
        store.BulkLoad(batch);
    }

    private static readonly string[] AreaCodes = { "415", "212", "312", "617", "206", "512", "303", "404" };

    private static string Contact(string kind, Random rng) => kind == "webchat"
        ? "client:guest-" + rng.Next(0x1000000).ToString("x6")
        : "+1" + AreaCodes[rng.Next(AreaCodes.Length)] + rng.Next(2000000, 9999999).ToString();
}

/// <summary>The journeys executions take through the scenario's flows, as step lists.</summary>
internal static class Paths
{
    private static StepTemplate S(string evt, string from, string to, string type, double seconds)
        => new(evt, from, to, type, TimeSpan.FromSeconds(seconds));

    public static readonly StepTemplate[] SmsWaiting = { S("incomingMessage", "Trigger", "ask_reason", "send-and-wait-for-reply", 1) };
    public static readonly StepTemplate[] ReminderWaiting = { S("incomingRequest", "Trigger", "confirm", "send-and-wait-for-reply", 1) };
    public static readonly StepTemplate[] VoiceInMenu = { S("incomingCall", "Trigger", "main_menu", "gather-input-on-call", 1) };

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
