namespace StudioEmulator;

/// <summary>
/// Lays out the seeded scenarios. The blackout: four contact-centre flows with thousands of executions
/// over the last week, most ended, a few dozen stranded on waiting widgets for hours (the contacts
/// that get no reply), and a few recently active that an admin must leave alone.
/// </summary>
internal static class Scenario
{
    public const int StuckSms = 20, StuckWebchat = 10, StuckReminders = 5, StuckVoice = 1;
    public const int DefaultStuck = StuckSms + StuckWebchat + StuckReminders + StuckVoice;
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
            };
            f.Record(1 + rng.Next(12), f.Definition, FlowStatus.Published, "Published from the Studio canvas", s.Created.AddDays(3));
            store.AddFlow(f);
            flows.Add((s, f));
        }

        var batch = new List<Execution>(o.Executions);
        var usedActive = new HashSet<(string, string)>();
        Execution Make(Flow flow, string kind, string contact, DateTimeOffset created, ExecutionStatus status, StepTemplate[] path, string? truth = null)
        {
            var e = new Execution
            {
                Sid = Sids.Random("FN", rng), FlowSid = flow.Sid, ContactAddress = contact, From = flow.ChannelAddress,
                ContactSid = Sids.Derive("FC", flow.Sid + contact), FlowVersion = flow.Revision, Status = status,
                DateCreated = created, DateUpdated = created + path[^1].After, Path = path,
                InitiatedBy = Sids.Random(kind switch { "sms" => "SM", "webchat" => "CH", "voice" => "CA", _ => "RQ" }, rng),
                TriggerBody = Messages[rng.Next(Messages.Length)], Truth = truth,
            };
            if (status == ExecutionStatus.Active && !usedActive.Add((flow.Sid, contact))) throw new InvalidOperationException("duplicate active contact");
            batch.Add(e);
            return e;
        }

        // Active executions, each faithful to its flow's timeouts (one older than its waits allow would have ended),
        // each with its ground truth. Every one older than 4 hours counts in the "stuck" 36 the age rule finds.
        string NewContact((FlowSpec Spec, Flow Flow) f)
        {
            var contact = Contact(f.Spec.Kind, rng);
            while (usedActive.Contains((f.Flow.Sid, contact))) contact = Contact(f.Spec.Kind, rng);
            return contact;
        }
        TimeSpan Minutes(int from, int to) => TimeSpan.FromMinutes(from + rng.Next(to - from));

        var (sms, web, voice, rest) = (flows[0], flows[1], flows[2], flows[3]);
        // 20:10:5:1 across the flows, as in the default blackout.
        var stuckWeb = o.Stuck * StuckWebchat / DefaultStuck;
        var stuckRest = o.Stuck * StuckReminders / DefaultStuck;
        var stuckVoice = o.Stuck * StuckVoice / DefaultStuck;
        var stuckSms = o.Stuck - stuckWeb - stuckRest - stuckVoice;

        // SMS: ask_reason waits a day, then last_call an hour. Stranded on ask_reason (4.5 h to 22 h old: a day
        // to go); the last two are about to time out on last_call (released within the hour): waiting. One sat on
        // last_call for hours past its hour: Studio missed its timeout and will not release it (the support
        // article's "channel never passed the final event back"): stranded.
        var waitingSms = stuckSms >= 10 ? 2 : 0;
        var pastReleaseSms = stuckSms >= 10 ? 1 : 0;
        for (var i = 0; i < stuckSms; i++)
        {
            var contact = i == 0 ? CrossFlowContact : NewContact(sms);
            if (i < stuckSms - waitingSms - pastReleaseSms)
                Make(sms.Flow, "sms", contact, now - Minutes(270, 22 * 60), ExecutionStatus.Active, Paths.SmsWaiting, "stranded");
            else if (i < stuckSms - waitingSms)
                Make(sms.Flow, "sms", contact, now - TimeSpan.FromHours(24) - Minutes(150, 400), ExecutionStatus.Active, Paths.SmsLastCall, "stranded");
            else
                Make(sms.Flow, "sms", contact, now - TimeSpan.FromHours(24) - Minutes(15, 40), ExecutionStatus.Active, Paths.SmsLastCall, "waiting");
        }
        // Voice: a call that reached the queue 6 to 20 hours ago. No call lasts that long (Twilio ends every call at
        // its time limit, 4 hours by default, 24 at most): the call's final status never reached Studio, and this
        // flow, made before October 2018, turns every later call from the number away: stranded.
        for (var i = 0; i < stuckVoice; i++)
            Make(voice.Flow, "voice", NewContact(voice), now - Minutes(6 * 60, 20 * 60), ExecutionStatus.Active, Paths.VoiceWithAgent, "stranded");
        // Webchat: greet and nudge time out into each other, so only Studio's own limits release it: stranded.
        for (var i = 0; i < stuckWeb; i++)
        {
            var age = Minutes(270, 60 * 68);
            Make(web.Flow, "webchat", NewContact(web), now - age, ExecutionStatus.Active, Paths.WebchatLoop(age), "stranded");
        }
        // Reminders: confirm waits two days (and re-sends when delivery fails). Stranded (4.5 h to 40 h old); one
        // about to time out (waiting); one whose customer answered a minute or two ago and was asked again: long,
        // but live.
        for (var i = 0; i < stuckRest; i++)
        {
            var contact = i == 0 ? CrossFlowContact : NewContact(rest);
            if (stuckRest >= 4 && i == stuckRest - 1)
            {
                var age = Minutes(300, 420);
                Make(rest.Flow, "rest", contact, now - age, ExecutionStatus.Active, Paths.ReminderAnsweredAgain(age - Minutes(1, 3)), "live");
            }
            else if (stuckRest >= 4 && i == stuckRest - 2)
                Make(rest.Flow, "rest", contact, now - TimeSpan.FromHours(48) + Minutes(15, 40), ExecutionStatus.Active, Paths.ReminderWaiting, "waiting");
            else
                Make(rest.Flow, "rest", contact, now - Minutes(270, 40 * 60), ExecutionStatus.Active, Paths.ReminderWaiting, "stranded");
        }
        // Recently active: conversations that moved in the last few minutes, a call in the menu, a call with an agent.
        for (var i = 0; i < RecentSms; i++) Make(sms.Flow, "sms", NewContact(sms), now - Minutes(1, 8), ExecutionStatus.Active, Paths.SmsWaiting, "live");
        for (var i = 0; i < RecentWebchat; i++) Make(web.Flow, "webchat", NewContact(web), now - Minutes(1, 8), ExecutionStatus.Active, Paths.WebchatLoop(TimeSpan.FromMinutes(1)), "live");
        Make(voice.Flow, "voice", NewContact(voice), now - Minutes(2, 10), ExecutionStatus.Active, Paths.VoiceInMenu, "live");
        Make(voice.Flow, "voice", NewContact(voice), now - Minutes(20, 55), ExecutionStatus.Active, Paths.VoiceWithAgent, "live");

        var ended = Math.Max(0, o.Executions - batch.Count);
        var window = TimeSpan.FromDays(7).TotalSeconds;
        for (var i = 0; i < ended; i++)
        {
            var pick = rng.NextDouble();
            var f = o.SingleFlow || pick < 0.45 ? sms : pick < 0.70 ? web : pick < 0.90 ? voice : rest;
            var created = Store.TruncateToSeconds(now - TimeSpan.FromSeconds(3000 + rng.NextDouble() * window));
            var path = Paths.Ended(f.Spec.Kind, rng, now - created);
            Make(f.Flow, f.Spec.Kind, Contact(f.Spec.Kind, rng), created, ExecutionStatus.Ended, path);
        }
        store.BulkLoad(batch);
    }

    private static readonly string[] AreaCodes = { "415", "212", "312", "617", "206", "512", "303", "404" };

    private static string Contact(string kind, Random rng) => kind == "webchat"
        ? "client:guest-" + rng.Next(0x1000000).ToString("x6")
        : "+1" + AreaCodes[rng.Next(AreaCodes.Length)] + rng.Next(2000000, 9999999).ToString();
}
