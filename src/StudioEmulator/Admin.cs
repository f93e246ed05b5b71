namespace StudioEmulator;

/// <summary>
/// Routes outside /v2 for tests and demos: the request log, the knobs and the state. No auth: the
/// emulator binds to loopback only.
/// </summary>
internal static class Admin
{
    public static void Map(WebApplication app, Gate gate, Knobs knobs, Fleet fleet)
    {
        var store = fleet.Parent.Store;
        MapAccounts(app, fleet);
        MapConversations(app, fleet);
        app.MapGet("/_emulator/health", (HttpContext ctx) => Reply.Json(ctx, 200, w => { w.WriteStartObject(); w.WriteString("status", "ok"); w.WriteEndObject(); }));

        // ?since=<seq> returns entries after that sequence number; ?method=POST filters.
        app.MapGet("/_emulator/requests", (HttpContext ctx) =>
        {
            var since = long.TryParse(ctx.Request.Query["since"], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
            var method = ctx.Request.Query["method"].ToString();
            // Requests in flight at once reach the log out of order: entries are sorted by their number, and last_seq is
            // the last number given out, so a test's "since now" never counts a request made before it.
            var lastSeq = gate.LastSeq;
            var entries = gate.Log.Where(e => e.Seq > since && (method.Length == 0 || string.Equals(e.Method, method, StringComparison.OrdinalIgnoreCase)))
                .OrderBy(e => e.Seq).ToList();
            return Reply.Json(ctx, 200, w =>
            {
                w.WriteStartObject();
                w.WriteNumber("count", entries.Count);
                w.WriteNumber("last_seq", Math.Max(since, lastSeq));
                w.WriteStartArray("requests");
                foreach (var e in entries)
                {
                    w.WriteStartObject();
                    w.WriteNumber("seq", e.Seq);
                    w.WriteString("at", e.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                    w.WriteString("method", e.Method);
                    w.WriteString("path", e.Path);
                    w.WriteString("query", e.Query);
                    if (e.Form is null) w.WriteNull("form"); else w.WriteString("form", e.Form);
                    if (e.User is null) w.WriteNull("user"); else w.WriteString("user", e.User);
                    w.WriteNumber("status", e.Status);
                    if (e.Fault is null) w.WriteNull("fault"); else w.WriteString("fault", e.Fault);
                    w.WriteNumber("ms", Math.Round(e.Milliseconds, 1));
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            });
        });
        app.MapDelete("/_emulator/requests", (HttpContext ctx) => { gate.ClearLog(); ctx.Response.StatusCode = 204; return Task.CompletedTask; });

        app.MapGet("/_emulator/knobs", (HttpContext ctx) => WriteKnobs(ctx, knobs, store));
        app.MapPost("/_emulator/knobs", async (HttpContext ctx) =>
        {
            JsonElement body;
            try { body = await JsonSerializer.DeserializeAsync<JsonElement>(ctx.Request.Body, cancellationToken: ctx.RequestAborted); }
            catch (JsonException ex) { await TwilioErrors.BadAdminInput(ctx, "Knobs must be a JSON object: " + ex.Message); return; }
            try
            {
                foreach (var p in body.EnumerateObject())
                {
                    switch (p.Name)
                    {
                        case "latency_ms": knobs.LatencyMs = p.Value.GetInt32(); break;
                        case "max_concurrency": knobs.MaxConcurrency = p.Value.GetInt32(); break;
                        case "retry_after": knobs.RetryAfterSeconds = p.Value.GetInt32(); break;
                        case "fault_rate": knobs.FaultRate = p.Value.GetDouble(); break;
                        case "fault_seed": knobs.FaultSeed = p.Value.GetInt32(); knobs.ResetFaultHistory(); break;
                        case "fault_kinds": knobs.FaultKinds = FaultKinds.Parse(p.Value.GetString() ?? ""); break;
                        case "fault_methods": knobs.FaultMethods = Knobs.Split(p.Value.GetString() ?? ""); break;
                        case "ignore_status_filter": knobs.IgnoreStatusFilter = p.Value.GetBoolean(); break;
                        case "latency_after_write": knobs.LatencyAfterWrite = p.Value.GetBoolean(); break;
                        case "advance_clock_seconds": foreach (var a in fleet.All) a.Store.Advance(TimeSpan.FromSeconds(p.Value.GetDouble())); break;
                        default: throw new ArgumentException($"Unknown knob '{p.Name}'.");
                    }
                }
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
            {
                await TwilioErrors.BadAdminInput(ctx, ex.Message);
                return;
            }
            await WriteKnobs(ctx, knobs, store);
        });

        // ?account=AC... : a subaccount's state (default: the parent's).
        app.MapGet("/_emulator/state", (HttpContext ctx) =>
        {
            var sid = ctx.Request.Query["account"].ToString();
            var of = sid.Length == 0 ? fleet.Parent : fleet.Find(sid);
            if (of is null) return TwilioErrors.NotFound(ctx);
            var stats = of.Store.Stats();
            var active = of.Store.ActiveExecutions();
            return Reply.Json(ctx, 200, w =>
            {
                w.WriteStartObject();
                foreach (var (k, v) in stats) w.WriteNumber(k, Convert.ToInt64(v, CultureInfo.InvariantCulture));
                w.WriteNumber("max_in_flight", gate.MaxInFlight);
                w.WriteStartArray("active_executions");
                foreach (var e in active)
                {
                    w.WriteStartObject();
                    w.WriteString("sid", e.Sid);
                    w.WriteString("flow_sid", e.FlowSid);
                    w.WriteString("contact_channel_address", e.ContactAddress);
                    w.WriteString("date_created", Resources.Date(e.DateCreated));
                    if (e.Truth is null) w.WriteNull("truth"); else w.WriteString("truth", e.Truth);
                    // Where it sits now, and the widget's type: the ground truth for what Get-StudioExecutionStep -Last 1 shows.
                    w.WriteString("widget", e.Path[^1].To);
                    w.WriteString("widget_type", e.Path[^1].ToType);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            });
        });
    }

    /// <summary>The fleet as a test sees it (tokens included: loopback only), and a way to suspend, close or rotate.</summary>
    private static void MapAccounts(WebApplication app, Fleet fleet)
    {
        app.MapGet("/_emulator/accounts", (HttpContext ctx) => Reply.Json(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("accounts");
            foreach (var a in fleet.All)
            {
                w.WriteStartObject();
                w.WriteString("sid", a.Sid);
                w.WriteString("friendly_name", a.FriendlyName);
                w.WriteString("status", a.Status.Wire());
                w.WriteString("auth_token", a.AuthToken);
                w.WriteBoolean("parent", a.IsParent);
                w.WriteNumber("active", Convert.ToInt64(a.Store.Stats()["active"], CultureInfo.InvariantCulture));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }));
        // Body: {"status": "suspended"|"active"|"closed", "rotate_token": true, "latency_ms": N (this account's own, on top)}
        app.MapPost("/_emulator/accounts/{sid}", async (HttpContext ctx, string sid) =>
        {
            if (fleet.Find(sid) is not { } account) { await TwilioErrors.NotFound(ctx); return; }
            JsonElement body;
            try { body = await JsonSerializer.DeserializeAsync<JsonElement>(ctx.Request.Body, cancellationToken: ctx.RequestAborted); }
            catch (JsonException ex) { await TwilioErrors.BadAdminInput(ctx, "Account changes must be a JSON object: " + ex.Message); return; }
            foreach (var p in body.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "status" when TwilioEnums.TryParse<AccountStatus>(p.Value.GetString(), out var status): account.Status = status; break;
                    case "rotate_token" when p.Value.ValueKind == JsonValueKind.True: account.AuthToken = Sids.Random("tk", new Random())[2..]; break;
                    case "latency_ms" when p.Value.TryGetInt32(out var ms) && ms >= 0: account.ExtraLatencyMs = ms; break;
                    default: await TwilioErrors.BadAdminInput(ctx, $"Unknown or invalid account change '{p.Name}'."); return;
                }
            }
            ctx.Response.StatusCode = 204;
        });
    }

    /// <summary>
    /// The conversations' ground truth (GET /_emulator/conversations?account=AC...), and an inbound message from a contact
    /// (POST /_emulator/inbound {"from", "to", "account"}): it lands in the conversation that binds the pair, or
    /// auto-creates one, which is how a test proves a cure worked.
    /// </summary>
    private static void MapConversations(WebApplication app, Fleet fleet)
    {
        app.MapGet("/_emulator/conversations", (HttpContext ctx) =>
        {
            var sid = ctx.Request.Query["account"].ToString();
            var of = sid.Length == 0 ? fleet.Parent : fleet.Find(sid);
            if (of is null) return TwilioErrors.NotFound(ctx);
            var cs = of.Conversations;
            return Reply.Json(ctx, 200, w =>
            {
                lock (cs.Lock)
                {
                    cs.Tick();
                    w.WriteStartObject();
                    w.WriteString("workspace_sid", cs.WorkspaceSid);
                    w.WriteStartArray("conversations");
                    foreach (var c in cs.Conversations)
                    {
                        w.WriteStartObject();
                        w.WriteString("sid", c.Sid);
                        w.WriteString("state", c.State.ToString().ToLowerInvariant());
                        if (c.Truth is null) w.WriteNull("truth"); else w.WriteString("truth", c.Truth);
                        // When it was last used: how long it has held its contact (a runbook's age rule is measured on it).
                        w.WriteString("date_updated", Resources.Date(c.DateUpdated));
                        var customer = c.Participants[0];
                        w.WriteString("contact", customer.Address ?? customer.Identity);
                        if (customer.ProxyAddress is null) w.WriteNull("proxy"); else w.WriteString("proxy", customer.ProxyAddress);
                        var channel = cs.Channels.FirstOrDefault(ch => ch.ConversationSid == c.Sid);
                        if (channel is null) w.WriteNull("channel_status"); else w.WriteString("channel_status", channel.Status);
                        w.WriteStartArray("task_statuses");
                        foreach (var t in cs.Tasks.Where(t => t.ConversationSid == c.Sid)) w.WriteStringValue(t.AssignmentStatus);
                        w.WriteEndArray();
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
            });
        });
        app.MapPost("/_emulator/inbound", async (HttpContext ctx) =>
        {
            JsonElement body;
            try { body = await JsonSerializer.DeserializeAsync<JsonElement>(ctx.Request.Body, cancellationToken: ctx.RequestAborted); }
            catch (JsonException ex) { await TwilioErrors.BadAdminInput(ctx, "An inbound message is a JSON object: " + ex.Message); return; }
            string? Text(string name) => body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var from = Text("from");
            if (string.IsNullOrWhiteSpace(from)) { await TwilioErrors.BadAdminInput(ctx, "An inbound message needs 'from' (the contact's address)."); return; }
            var to = Text("to") ?? ((from!.StartsWith("whatsapp:", StringComparison.Ordinal) ? "whatsapp:" : "") + ConversationStore.ProxyNumber);
            var account = Text("account") is { } a ? fleet.Find(a) : fleet.Parent;
            if (account is null) { await TwilioErrors.NotFound(ctx); return; }
            var (conversation, created) = account.Conversations.Inbound(from!, to);
            await Reply.Json(ctx, 200, w =>
            {
                w.WriteStartObject();
                w.WriteString("conversation_sid", conversation.Sid);
                w.WriteBoolean("created", created);
                w.WriteEndObject();
            });
        });
    }

    private static Task WriteKnobs(HttpContext ctx, Knobs k, Store store) => Reply.Json(ctx, 200, w => JsonSerializer.Serialize(w, new Dictionary<string, object>
    {
        ["latency_ms"] = k.LatencyMs, ["max_concurrency"] = k.MaxConcurrency, ["retry_after"] = k.RetryAfterSeconds,
        ["fault_rate"] = k.FaultRate, ["fault_seed"] = k.FaultSeed, ["fault_kinds"] = string.Join(",", k.FaultKinds.Select(f => f.Name())),
        ["fault_methods"] = string.Join(",", k.FaultMethods), ["ignore_status_filter"] = k.IgnoreStatusFilter, ["latency_after_write"] = k.LatencyAfterWrite, ["now"] = Resources.Date(store.Now),
    }));
}
