namespace StudioEmulator;

/// <summary>
/// Conversations v1, FlexApi v1 (interaction channels) and TaskRouter v1 (workspaces, tasks, workers), on the emulator's
/// one endpoint at Twilio's paths, answered from the caller's account: the parts the conversation cmdlets use, with each
/// list's real PageSize limit (Conversations and Participants 100, ParticipantConversations 50, scoped webhooks 5,
/// TaskRouter 1000). Where two APIs share a path (/v1/Configuration: Conversations and FlexApi) the Conversations one is
/// served. The Gate in front gives every route the knobs (latency, the account's cap, faults) and the log.
/// </summary>
internal static class ConversationRoutes
{
    private const string ConversationsHost = "https://conversations.twilio.com";
    private const string FlexHost = "https://flex-api.twilio.com";
    private const string TaskRouterHost = "https://taskrouter.twilio.com";

    public static void Map(WebApplication app)
    {
        static ConversationStore Of(HttpContext ctx) => Gate.Caller(ctx).Account.Conversations;
        app.MapGet("/v1/Conversations", (HttpContext ctx) => ListConversations(ctx, Of(ctx)));
        app.MapGet("/v1/Conversations/{sid}", (HttpContext ctx, string sid) => FetchConversation(ctx, Of(ctx), sid));
        app.MapPost("/v1/Conversations/{sid}", (HttpContext ctx, string sid) => UpdateConversation(ctx, Of(ctx), sid));
        app.MapGet("/v1/Conversations/{sid}/Participants", (HttpContext ctx, string sid) => ListParticipants(ctx, Of(ctx), sid));
        app.MapPost("/v1/Conversations/{sid}/Participants", (HttpContext ctx, string sid) => CreateParticipant(ctx, Of(ctx), sid));
        app.MapGet("/v1/Conversations/{sid}/Webhooks", (HttpContext ctx, string sid) => ListWebhooks(ctx, Of(ctx), sid));
        app.MapGet("/v1/ParticipantConversations", (HttpContext ctx) => ListParticipantConversations(ctx, Of(ctx)));
        app.MapGet("/v1/Interactions/{kd}/Channels/{uo}", (HttpContext ctx, string kd, string uo) => FetchChannel(ctx, Of(ctx), kd, uo));
        app.MapPost("/v1/Interactions/{kd}/Channels/{uo}", (HttpContext ctx, string kd, string uo) => UpdateChannel(ctx, Of(ctx), kd, uo));
        app.MapGet("/v1/Workspaces", (HttpContext ctx) => ListWorkspaces(ctx, Of(ctx)));
        app.MapGet("/v1/Workspaces/{ws}/Tasks", (HttpContext ctx, string ws) => ListTasks(ctx, Of(ctx), ws));
        app.MapGet("/v1/Workspaces/{ws}/Workers", (HttpContext ctx, string ws) => ListWorkers(ctx, Of(ctx), ws));
        // /v1/Configuration is Conversations' and FlexApi's both: the emulator serves Conversations' (the account's
        // default timers, which the module reads and sets).
        app.MapGet("/v1/Configuration", (HttpContext ctx) => Configuration(ctx, Of(ctx)));
        app.MapPost("/v1/Configuration", (HttpContext ctx) => UpdateConfiguration(ctx, Of(ctx)));
        app.MapGet("/v1/Configuration/Addresses", (HttpContext ctx) => ListAddresses(ctx, Of(ctx)));
        app.Map("/v1/{**rest}", (HttpContext ctx) => TwilioErrors.NotFound(ctx));
    }

    // ---- Conversations ----

    private static Task ListConversations(HttpContext ctx, ConversationStore cs)
    {
        var q = ctx.Request.Query;
        ConversationState? state = null;
        if (q.TryGetValue("State", out var s))
        {
            if (!TryState(s!, out var parsed)) return TwilioErrors.Invalid(ctx, "State", s!);
            state = parsed;
        }
        DateTimeOffset? start = null, end = null;
        if (q.TryGetValue("StartDate", out var sd)) { if (!Paging.TryDate(sd!, out var v)) return TwilioErrors.Invalid(ctx, "StartDate", sd!); start = v; }
        if (q.TryGetValue("EndDate", out var ed)) { if (!Paging.TryDate(ed!, out var v)) return TwilioErrors.Invalid(ctx, "EndDate", ed!); end = v; }
        List<Conversation> items;
        lock (cs.Lock)
        {
            cs.Tick();
            // Creation date filters; newest first (what Twilio says of filtered lists; the emulator does the same unfiltered).
            items = cs.Conversations.Where(c => (state is null || c.State == state) && (start is null || c.DateCreated >= start) && (end is null || c.DateCreated <= end))
                .OrderByDescending(c => c.DateCreated).ThenBy(c => c.Sid, StringComparer.Ordinal).ToList();
            return Page(ctx, items, 100, ConversationsHost, "conversations", (w, c) => WriteConversation(w, cs, c), NewestFirst);
        }
    }

    private static Task FetchConversation(HttpContext ctx, ConversationStore cs, string sid)
    {
        lock (cs.Lock)
        {
            cs.Tick();
            if (!cs.BySid.TryGetValue(sid, out var c)) return TwilioErrors.NotFound(ctx);
            return Reply.Json(ctx, 200, w => WriteConversation(w, cs, c));
        }
    }

    private static async Task UpdateConversation(HttpContext ctx, ConversationStore cs, string sid)
    {
        var form = await FormInput.Form(ctx);
        ConversationState? state = null;
        if (form.TryGetValue("State", out var s) && s is not null)
        {
            if (!TryState(s, out var parsed)) { await TwilioErrors.Invalid(ctx, "State", s); return; }
            state = parsed;
        }
        TimeSpan? inactive = null, closed = null;
        if (form.TryGetValue("Timers.Inactive", out var ti) && ti is not null)
        {
            // ISO 8601 durations (error 50380 otherwise); at least a minute for inactive, ten for closed.
            if (!TryDuration(ti, out var d) || d < TimeSpan.FromMinutes(1)) { await Error50380(ctx, "Timers.Inactive", ti); return; }
            inactive = d;
        }
        if (form.TryGetValue("Timers.Closed", out var tc) && tc is not null)
        {
            if (!TryDuration(tc, out var d) || d < TimeSpan.FromMinutes(10)) { await Error50380(ctx, "Timers.Closed", tc); return; }
            closed = d;
        }
        Conversation c;
        lock (cs.Lock)
        {
            cs.Tick();
            if (!cs.BySid.TryGetValue(sid, out c!)) { }
        }
        if (c is null) { await TwilioErrors.NotFound(ctx); return; }
        lock (cs.Lock)
        {
            var now = cs.Now;
            // A closed conversation stays closed: it cannot be reactivated (Twilio's states page).
            if (state is { } to && c.State != ConversationState.Closed)
            {
                c.State = to;
                c.DateUpdated = now;
            }
            if (inactive is { } i) c.DateInactive = now + i;
            if (closed is { } cl) c.DateClosed = now + cl;
        }
        await Reply.Json(ctx, 200, w => { lock (cs.Lock) WriteConversation(w, cs, c); });
    }

    private static Task ListParticipants(HttpContext ctx, ConversationStore cs, string sid)
    {
        lock (cs.Lock)
        {
            if (!cs.BySid.TryGetValue(sid, out var c)) return TwilioErrors.NotFound(ctx);
            return Page(ctx, c.Participants.ToList(), 100, ConversationsHost, "participants", (w, p) => WriteParticipant(w, cs, c, p));
        }
    }

    private static async Task CreateParticipant(HttpContext ctx, ConversationStore cs, string sid)
    {
        var form = await FormInput.Form(ctx);
        form.TryGetValue("Identity", out var identity);
        form.TryGetValue("MessagingBinding.Address", out var address);
        form.TryGetValue("MessagingBinding.ProxyAddress", out var proxy);
        Conversation? c;
        Participant? made = null;
        Conversation? holder = null;
        lock (cs.Lock)
        {
            cs.Tick();
            cs.BySid.TryGetValue(sid, out c);
            if (c is not null)
            {
                // One non-closed conversation per address and proxy address: 50416 names the one that holds the pair.
                if (address is not null && proxy is not null) holder = cs.Binding(address, proxy);
                if (holder is null) made = cs.AddParticipant(c, identity, address, proxy, cs.Now);
            }
        }
        if (c is null) { await TwilioErrors.NotFound(ctx); return; }
        if (holder is not null)
        {
            await TwilioErrors.BindingInUse(ctx, holder.Sid);
            return;
        }
        await Reply.Json(ctx, 201, w => { lock (cs.Lock) WriteParticipant(w, cs, c, made!); });
    }

    private static Task ListWebhooks(HttpContext ctx, ConversationStore cs, string sid)
    {
        lock (cs.Lock)
        {
            if (!cs.BySid.TryGetValue(sid, out var c)) return TwilioErrors.NotFound(ctx);
            return Page(ctx, c.Webhooks.ToList(), 5, ConversationsHost, "webhooks", (w, h) =>
            {
                w.WriteStartObject();
                w.WriteString("sid", h.Sid);
                w.WriteString("account_sid", cs.AccountSid);
                w.WriteString("conversation_sid", c.Sid);
                w.WriteString("target", h.Target);
                w.WriteString("url", $"{ConversationsHost}/v1/Conversations/{c.Sid}/Webhooks/{h.Sid}");
                w.WriteStartObject("configuration");
                if (h.FlowSid is not null) w.WriteString("flow_sid", h.FlowSid);
                w.WriteEndObject();
                w.WriteString("date_created", Resources.Date(h.DateCreated));
                w.WriteString("date_updated", Resources.Date(h.DateCreated));
                w.WriteEndObject();
            });
        }
    }

    private static Task ListParticipantConversations(HttpContext ctx, ConversationStore cs)
    {
        var q = ctx.Request.Query;
        var hasAddress = q.TryGetValue("Address", out var address);
        var hasIdentity = q.TryGetValue("Identity", out var identity);
        // "Only one parameter should be specified."
        if (hasAddress == hasIdentity) return TwilioErrors.Invalid(ctx, hasAddress ? "Identity" : "Address", hasAddress ? identity.ToString() : null);
        lock (cs.Lock)
        {
            cs.Tick();
            var rows = new List<(Conversation C, Participant P)>();
            foreach (var c in cs.Conversations.OrderByDescending(c => c.DateCreated))
                foreach (var p in c.Participants)
                    if (hasAddress ? string.Equals(p.Address, address.ToString(), StringComparison.OrdinalIgnoreCase) : string.Equals(p.Identity, identity.ToString(), StringComparison.Ordinal))
                        rows.Add((c, p));
            return Page(ctx, rows, 50, ConversationsHost, "conversations", (w, r) =>
            {
                w.WriteStartObject();
                w.WriteString("account_sid", cs.AccountSid);
                w.WriteString("chat_service_sid", r.C.ChatServiceSid);
                w.WriteString("participant_sid", r.P.Sid);
                w.WriteNull("participant_user_sid");
                if (r.P.Identity is null) w.WriteNull("participant_identity"); else w.WriteString("participant_identity", r.P.Identity);
                WriteBinding(w, "participant_messaging_binding", r.P);
                w.WriteString("conversation_sid", r.C.Sid);
                w.WriteNull("conversation_unique_name");
                w.WriteString("conversation_friendly_name", r.C.FriendlyName);
                w.WriteString("conversation_attributes", "{}");
                w.WriteString("conversation_date_created", Resources.Date(r.C.DateCreated));
                w.WriteString("conversation_date_updated", Resources.Date(r.C.DateUpdated));
                w.WriteString("conversation_created_by", "system");
                w.WriteString("conversation_state", Word(r.C.State));
                WriteTimers(w, "conversation_timers", r.C);
                w.WriteEndObject();
            });
        }
    }

    // ---- Conversations: the account's configuration ----

    private static Task Configuration(HttpContext ctx, ConversationStore cs) => Reply.Json(ctx, 200, w =>
    {
        lock (cs.Lock)
        {
            w.WriteStartObject();
            w.WriteString("account_sid", cs.AccountSid);
            w.WriteString("default_chat_service_sid", cs.ChatServiceSid);
            w.WriteNull("default_messaging_service_sid");
            if (cs.DefaultInactiveTimer is null) w.WriteNull("default_inactive_timer"); else w.WriteString("default_inactive_timer", cs.DefaultInactiveTimer);
            if (cs.DefaultClosedTimer is null) w.WriteNull("default_closed_timer"); else w.WriteString("default_closed_timer", cs.DefaultClosedTimer);
            w.WriteString("url", $"{ConversationsHost}/v1/Configuration");
            w.WriteEndObject();
        }
    });

    private static async Task UpdateConfiguration(HttpContext ctx, ConversationStore cs)
    {
        var form = await FormInput.Form(ctx);
        // At least a minute inactive and ten minutes closed (the spec's descriptions), as ISO 8601 durations.
        if (form.TryGetValue("DefaultInactiveTimer", out var inactive) && inactive is not null && (!TryDuration(inactive, out var i) || i < TimeSpan.FromMinutes(1)))
        { await Error50380(ctx, "DefaultInactiveTimer", inactive); return; }
        if (form.TryGetValue("DefaultClosedTimer", out var closed) && closed is not null && (!TryDuration(closed, out var c) || c < TimeSpan.FromMinutes(10)))
        { await Error50380(ctx, "DefaultClosedTimer", closed); return; }
        lock (cs.Lock)
        {
            if (inactive is not null) cs.DefaultInactiveTimer = inactive;
            if (closed is not null) cs.DefaultClosedTimer = closed;
        }
        await Configuration(ctx, cs);
    }

    /// <summary>The account's address configurations, oldest first, of the Type asked (PageSize at most 50).</summary>
    private static Task ListAddresses(HttpContext ctx, ConversationStore cs)
    {
        var type = ctx.Request.Query.TryGetValue("Type", out var t) ? t.ToString() : null;
        lock (cs.Lock)
        {
            var items = cs.Addresses.Where(a => type is null || string.Equals(a.Type, type, StringComparison.Ordinal)).ToList();
            return Page(ctx, items, 50, ConversationsHost, "address_configurations", (w, a) =>
            {
                w.WriteStartObject();
                w.WriteString("account_sid", cs.AccountSid);
                w.WriteString("sid", a.Sid);
                w.WriteString("address", a.Address);
                w.WriteString("type", a.Type);
                w.WriteString("friendly_name", a.FriendlyName);
                w.WriteNull("address_country");
                w.WriteStartObject("auto_creation");
                w.WriteBoolean("enabled", a.Enabled);
                w.WriteString("type", a.AutoType);
                w.WriteString("conversation_service_sid", a.ServiceSid);
                if (a.FlowSid is not null) { w.WriteString("studio_flow_sid", a.FlowSid); w.WriteNumber("studio_retry_count", 3); }
                if (a.WebhookUrl is not null) { w.WriteString("webhook_url", a.WebhookUrl); w.WriteString("webhook_method", "POST"); }
                w.WriteEndObject();
                w.WriteString("date_created", Resources.Date(a.DateCreated));
                w.WriteString("date_updated", Resources.Date(a.DateCreated));
                w.WriteString("url", $"{ConversationsHost}/v1/Configuration/Addresses/{a.Sid}");
                w.WriteEndObject();
            });
        }
    }

    // ---- FlexApi: interaction channels ----

    private static Task FetchChannel(HttpContext ctx, ConversationStore cs, string kd, string uo)
    {
        lock (cs.Lock)
        {
            var channel = cs.Channels.FirstOrDefault(c => c.Sid == uo && c.InteractionSid == kd);
            if (channel is null) return TwilioErrors.NotFound(ctx);
            return Reply.Json(ctx, 200, w => WriteChannel(w, channel));
        }
    }

    private static async Task UpdateChannel(HttpContext ctx, ConversationStore cs, string kd, string uo)
    {
        var form = await FormInput.Form(ctx);
        if (!FormInput.Required(ctx, form, out var missing, "Status")) { await missing!; return; }
        var status = form["Status"]!;
        if (status is not ("closed" or "inactive")) { await TwilioErrors.Invalid(ctx, "Status", status); return; }
        string? routing = null;
        if (form.TryGetValue("Routing", out var r) && r is not null)
        {
            if (!FormInput.TryObject(r, out var o) || o!["status"]?.GetValue<string>() is not string rs) { await TwilioErrors.Invalid(ctx, "Routing", r); return; }
            routing = rs;
        }
        InteractionChannel? channel;
        lock (cs.Lock)
        {
            cs.Tick();
            channel = cs.Channels.FirstOrDefault(c => c.Sid == uo && c.InteractionSid == kd);
            if (channel is not null)
            {
                var now = cs.Now;
                channel.Status = status;
                // Closing the channel closes the conversation (its media channel) and its tasks: wrapping, unless the
                // routing says closed (then completed). Parking (inactive) leaves the conversation open.
                if (status == "closed" && cs.BySid.TryGetValue(channel.ConversationSid, out var c))
                {
                    c.State = ConversationState.Closed;
                    c.DateUpdated = now;
                }
                foreach (var t in cs.Tasks.Where(t => t.ChannelSid == channel.Sid && t.AssignmentStatus is "pending" or "reserved" or "assigned" or "wrapping"))
                {
                    t.AssignmentStatus = routing == "closed" ? "completed" : status == "closed" ? "wrapping" : t.AssignmentStatus;
                    t.DateUpdated = now;
                }
            }
        }
        if (channel is null) { await TwilioErrors.NotFound(ctx); return; }
        await Reply.Json(ctx, 200, w => { lock (cs.Lock) WriteChannel(w, channel); });
    }

    // ---- TaskRouter ----

    private static Task ListWorkspaces(HttpContext ctx, ConversationStore cs)
        => Page(ctx, new List<string> { cs.WorkspaceSid }, 1000, TaskRouterHost, "workspaces", (w, ws) =>
        {
            w.WriteStartObject();
            w.WriteString("sid", ws);
            w.WriteString("account_sid", cs.AccountSid);
            w.WriteString("friendly_name", "Flex Task Assignment");
            w.WriteString("url", $"{TaskRouterHost}/v1/Workspaces/{ws}");
            w.WriteEndObject();
        });

    private static Task ListTasks(HttpContext ctx, ConversationStore cs, string ws)
    {
        if (ws != cs.WorkspaceSid) return TwilioErrors.NotFound(ctx);
        var q = ctx.Request.Query;
        // AssignmentStatus may repeat, or be comma-separated.
        var statuses = q["AssignmentStatus"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
        string? conversation = null;
        if (q.TryGetValue("EvaluateTaskAttributes", out var expr))
        {
            // The expressions the module sends: conversationSid == "CH..." (anything else is not modelled).
            var m = System.Text.RegularExpressions.Regex.Match(expr.ToString(), "^\\s*conversationSid\\s*==\\s*[\"'](CH[0-9a-f]{32})[\"']\\s*$");
            if (!m.Success) return TwilioErrors.Invalid(ctx, "EvaluateTaskAttributes", expr!);
            conversation = m.Groups[1].Value;
        }
        lock (cs.Lock)
        {
            var tasks = cs.Tasks.Where(t => (statuses.Count == 0 || statuses.Contains(t.AssignmentStatus)) && (conversation is null || t.ConversationSid == conversation))
                .OrderBy(t => t.DateCreated).ThenBy(t => t.Sid, StringComparer.Ordinal).ToList();
            return Page(ctx, tasks, 1000, TaskRouterHost, "tasks", (w, t) =>
            {
                w.WriteStartObject();
                w.WriteString("sid", t.Sid);
                w.WriteString("account_sid", cs.AccountSid);
                w.WriteString("workspace_sid", t.WorkspaceSid);
                w.WriteString("assignment_status", t.AssignmentStatus);
                w.WriteString("attributes", t.Attributes);
                w.WriteNumber("age", (long)(cs.Now - t.DateCreated).TotalSeconds);
                w.WriteString("date_created", Resources.Date(t.DateCreated));
                w.WriteString("date_updated", Resources.Date(t.DateUpdated));
                w.WriteString("url", $"{TaskRouterHost}/v1/Workspaces/{t.WorkspaceSid}/Tasks/{t.Sid}");
                w.WriteEndObject();
            }, OldestFirst);
        }
    }

    private static Task ListWorkers(HttpContext ctx, ConversationStore cs, string ws)
    {
        if (ws != cs.WorkspaceSid) return TwilioErrors.NotFound(ctx);
        lock (cs.Lock)
        {
            return Page(ctx, cs.Workers.ToList(), 1000, TaskRouterHost, "workers", (w, k) =>
            {
                w.WriteStartObject();
                w.WriteString("sid", k.Sid);
                w.WriteString("account_sid", cs.AccountSid);
                w.WriteString("workspace_sid", ws);
                w.WriteString("friendly_name", k.FriendlyName);
                w.WriteString("attributes", "{\"contact_uri\":\"client:" + k.Identity + "\"}");
                w.WriteEndObject();
            });
        }
    }

    // ---- shapes ----

    private static void WriteConversation(Utf8JsonWriter w, ConversationStore cs, Conversation c)
    {
        w.WriteStartObject();
        w.WriteString("sid", c.Sid);
        w.WriteString("account_sid", cs.AccountSid);
        w.WriteString("chat_service_sid", c.ChatServiceSid);
        w.WriteNull("messaging_service_sid");
        w.WriteString("friendly_name", c.FriendlyName);
        w.WriteNull("unique_name");
        w.WriteString("attributes", "{}");
        w.WriteString("state", Word(c.State));
        w.WriteString("date_created", Resources.Date(c.DateCreated));
        w.WriteString("date_updated", Resources.Date(c.DateUpdated));
        WriteTimers(w, "timers", c);
        w.WriteString("url", $"{ConversationsHost}/v1/Conversations/{c.Sid}");
        w.WriteStartObject("links");
        w.WriteString("participants", $"{ConversationsHost}/v1/Conversations/{c.Sid}/Participants");
        w.WriteString("webhooks", $"{ConversationsHost}/v1/Conversations/{c.Sid}/Webhooks");
        w.WriteEndObject();
        w.WriteNull("bindings");
        w.WriteEndObject();
    }

    private static void WriteParticipant(Utf8JsonWriter w, ConversationStore cs, Conversation c, Participant p)
    {
        w.WriteStartObject();
        w.WriteString("sid", p.Sid);
        w.WriteString("account_sid", cs.AccountSid);
        w.WriteString("conversation_sid", c.Sid);
        if (p.Identity is null) w.WriteNull("identity"); else w.WriteString("identity", p.Identity);
        w.WriteString("attributes", "{}");
        WriteBinding(w, "messaging_binding", p);
        w.WriteString("date_created", Resources.Date(p.DateCreated));
        w.WriteString("date_updated", Resources.Date(p.DateCreated));
        w.WriteString("url", $"{ConversationsHost}/v1/Conversations/{c.Sid}/Participants/{p.Sid}");
        w.WriteEndObject();
    }

    private static void WriteBinding(Utf8JsonWriter w, string name, Participant p)
    {
        if (p.Address is null) { w.WriteNull(name); return; }
        w.WriteStartObject(name);
        w.WriteString("type", p.Address.StartsWith("whatsapp:", StringComparison.Ordinal) ? "whatsapp" : "sms");
        w.WriteString("address", p.Address);
        if (p.ProxyAddress is null) w.WriteNull("proxy_address"); else w.WriteString("proxy_address", p.ProxyAddress);
        w.WriteEndObject();
    }

    // timers: Twilio's spec says only "timer date values"; the emulator names them date_inactive and date_closed
    // (docs/twilio-behaviour.md keeps that an open question).
    private static void WriteTimers(Utf8JsonWriter w, string name, Conversation c)
    {
        w.WriteStartObject(name);
        if (c.State != ConversationState.Closed)
        {
            if (c.DateInactive is { } i && c.State == ConversationState.Active) w.WriteString("date_inactive", Resources.Date(i));
            if (c.DateClosed is { } cl) w.WriteString("date_closed", Resources.Date(cl));
        }
        w.WriteEndObject();
    }

    private static void WriteChannel(Utf8JsonWriter w, InteractionChannel c)
    {
        w.WriteStartObject();
        w.WriteString("sid", c.Sid);
        w.WriteString("interaction_sid", c.InteractionSid);
        w.WriteString("type", "sms");
        w.WriteString("status", c.Status);
        w.WriteNull("error_code");
        w.WriteNull("error_message");
        w.WriteString("url", $"{FlexHost}/v1/Interactions/{c.InteractionSid}/Channels/{c.Sid}");
        w.WriteEndObject();
    }

    private static string Word(ConversationState s) => s switch { ConversationState.Inactive => "inactive", ConversationState.Closed => "closed", _ => "active" };

    private static bool TryState(string text, out ConversationState state)
    {
        switch (text)
        {
            case "active": state = ConversationState.Active; return true;
            case "inactive": state = ConversationState.Inactive; return true;
            case "closed": state = ConversationState.Closed; return true;
            default: state = default; return false;
        }
    }

    private static bool TryDuration(string text, out TimeSpan value)
    {
        try { value = System.Xml.XmlConvert.ToTimeSpan(text); return value > TimeSpan.Zero; }
        catch (FormatException) { value = default; return false; }
    }

    private static Task Error50380(HttpContext ctx, string name, string value)
        => TwilioErrors.Coded(ctx, 400, 50380, $"Invalid {name} '{value}': give an ISO 8601 duration such as PT10M (at least PT1M inactive, PT10M closed).");

    // Where an item stands in a list's order, as text that sorts the same way: the page token carries the last one's, so
    // the next page starts after it even when items before it left the list meanwhile (a conversation closed between
    // two pages of the active ones), as Twilio's page tokens do. An offset would skip as many as left.
    private static string NewestFirst(Conversation c) => (long.MaxValue - c.DateCreated.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "|" + c.Sid;
    private static string OldestFirst(FlexTask t) => t.DateCreated.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "|" + t.Sid;

    /// <summary>One page of a v1 list: PageSize checked against the list's own maximum, a page token, Twilio's meta.</summary>
    private static Task Page<T>(HttpContext ctx, List<T> items, int maxPageSize, string host, string key, Action<Utf8JsonWriter, T> write, Func<T, string>? cursor = null)
    {
        var q = ctx.Request.Query;
        var pageSize = 50;
        if (q.TryGetValue("PageSize", out var ps) && (!int.TryParse(ps, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > maxPageSize))
            return TwilioErrors.Invalid(ctx, "PageSize", ps!);
        var page = q.TryGetValue("Page", out var p) && int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var offset = 0;
        if (q.TryGetValue("PageToken", out var t))
        {
            if (!t.ToString().StartsWith("PA", StringComparison.Ordinal) || !Paging.TryDecode(t.ToString()[2..], out var raw))
                return TwilioErrors.Invalid(ctx, "PageToken", t!);
            if (cursor is not null) offset = items.TakeWhile(i => string.CompareOrdinal(cursor(i), raw) <= 0).Count();
            else if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out offset)) return TwilioErrors.Invalid(ctx, "PageToken", t!);
        }
        var slice = items.Skip(offset).Take(pageSize).ToList();
        var more = offset + pageSize < items.Count;
        string Token(int end) => "PA" + Paging.Encode(cursor is not null ? cursor(items[end - 1]) : end.ToString(CultureInfo.InvariantCulture));
        string Url(int pageNumber, string? token)
        {
            var query = string.Join("&", q.Where(kv => kv.Key is not ("PageSize" or "Page" or "PageToken")).SelectMany(kv => kv.Value.Select(v => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(v ?? ""))));
            return $"{host}{ctx.Request.Path}?{(query.Length > 0 ? query + "&" : "")}PageSize={pageSize}&Page={pageNumber}" + (token is null ? "" : "&PageToken=" + token);
        }
        return Reply.Json(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray(key);
            foreach (var item in slice) write(w, item);
            w.WriteEndArray();
            w.WriteStartObject("meta");
            w.WriteNumber("page", page);
            w.WriteNumber("page_size", pageSize);
            w.WriteString("first_page_url", Url(0, null));
            w.WriteNull("previous_page_url");
            w.WriteString("url", Url(page, offset == 0 ? null : Token(offset)));
            if (more) w.WriteString("next_page_url", Url(page + 1, Token(offset + pageSize)));
            else w.WriteNull("next_page_url");
            w.WriteString("key", key);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }
}
