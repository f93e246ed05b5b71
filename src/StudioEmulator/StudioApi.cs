using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StudioEmulator;

/// <summary>The Studio v2 routes, validated the way Twilio's OpenAPI description says.</summary>
internal sealed class StudioApi
{
    private readonly Store _store;
    private readonly Resources _res;
    private readonly RateWindow _creations = new(20, TimeSpan.FromSeconds(1));
    private readonly Knobs _knobs;

    public StudioApi(Store store, Knobs knobs)
    {
        _store = store;
        _knobs = knobs;
        _res = new Resources(store);
    }

    public void Map(WebApplication app)
    {
        app.MapGet("/v2/Flows", ListFlows);
        app.MapPost("/v2/Flows", CreateFlow);
        app.MapGet("/v2/Flows/{sid}", FetchFlow);
        app.MapPost("/v2/Flows/{sid}", UpdateFlow);
        app.MapDelete("/v2/Flows/{sid}", DeleteFlow);
        app.MapGet("/v2/Flows/{sid}/Revisions/{revision}", FetchRevision);
        app.MapGet("/v2/Flows/{flowSid}/Executions", ListExecutions);
        app.MapPost("/v2/Flows/{flowSid}/Executions", CreateExecution);
        app.MapGet("/v2/Flows/{flowSid}/Executions/{sid}", FetchExecution);
        app.MapPost("/v2/Flows/{flowSid}/Executions/{sid}", UpdateExecution);
        app.MapDelete("/v2/Flows/{flowSid}/Executions/{sid}", DeleteExecution);
        app.MapGet("/v2/Flows/{flowSid}/Executions/{sid}/Context", FetchExecutionContext);
        app.MapGet("/v2/Flows/{flowSid}/Executions/{sid}/Steps", ListSteps);
        app.MapGet("/v2/Flows/{flowSid}/Executions/{executionSid}/Steps/{sid}", FetchStep);
        app.MapGet("/v2/Flows/{flowSid}/Executions/{executionSid}/Steps/{sid}/Context", FetchStepContext);
        app.Map("/v2/{**rest}", (HttpContext ctx) => NotFound(ctx));
    }

    // ---- flows ----
    private Task ListFlows(HttpContext ctx)
    {
        if (!TryPaging(ctx, out var pageSize, out var page, out var token, out var error)) return error!;
        string? after = null;
        if (token is not null && !TryDecodeFlowToken(token, out after)) return Invalid(ctx, "PageToken", token);
        var (items, next) = _store.ListFlows(pageSize, after);
        return Json(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("flows");
            foreach (var f in items) _res.WriteFlow(w, f, withDefinition: false);
            w.WriteEndArray();
            Resources.WriteMeta(w, "flows", "/v2/Flows", "", page, pageSize, token,
                next is null ? null : "PA" + Encode(next), page > 0 && items.Count > 0 ? "PB" + Encode(items[0].Sid) : null);
            w.WriteEndObject();
        });
    }

    private async Task CreateFlow(HttpContext ctx)
    {
        var form = await Form(ctx);
        if (!Required(ctx, form, out var err, "FriendlyName", "Status", "Definition")) { await err!; return; }
        if (!IsFlowStatus(form["Status"])) { await Invalid(ctx, "Status", form["Status"]); return; }
        if (!TryObject(form["Definition"], out var definition)) { await Invalid(ctx, "Definition", "(not a JSON object)"); return; }
        var now = _store.Now;
        var flow = new Flow
        {
            Sid = Sids.Derive("FW", Guid.NewGuid().ToString()), FriendlyName = form["FriendlyName"]!, Status = form["Status"]!,
            Definition = definition!, CommitMessage = form.GetValueOrDefault("CommitMessage"), DateCreated = now, DateUpdated = now,
        };
        flow.Revisions[flow.Revision] = definition!;
        _store.AddFlow(flow);
        await Json(ctx, 201, w => _res.WriteFlow(w, flow, withDefinition: true));
    }

    private Task FetchFlow(HttpContext ctx, string sid)
    {
        if (!Sids.IsValid(sid, "FW")) return Invalid(ctx, "Sid", sid);
        var f = _store.GetFlow(sid);
        return f is null ? NotFound(ctx) : Json(ctx, 200, w => _res.WriteFlow(w, f, withDefinition: true));
    }

    private Task FetchRevision(HttpContext ctx, string sid, string revision)
    {
        if (!Sids.IsValid(sid, "FW")) return Invalid(ctx, "Sid", sid);
        var f = _store.GetFlow(sid);
        if (f is null) return NotFound(ctx);
        // A number, or LatestPublished (the OpenAPI description's two forms).
        var number = revision == "LatestPublished" ? f.Revision : int.TryParse(revision, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
        if (number < 0) return Invalid(ctx, "Revision", revision);
        JsonObject? definition;
        lock (f.Revisions) definition = f.Revisions.GetValueOrDefault(number);
        return definition is null ? NotFound(ctx) : Json(ctx, 200, w => _res.WriteRevision(w, f, number, definition));
    }

    private async Task UpdateFlow(HttpContext ctx, string sid)
    {
        if (!Sids.IsValid(sid, "FW")) { await Invalid(ctx, "Sid", sid); return; }
        if (_store.GetFlow(sid) is null) { await NotFound(ctx); return; }
        var form = await Form(ctx);
        if (!Required(ctx, form, out var err, "Status")) { await err!; return; }
        if (!IsFlowStatus(form["Status"])) { await Invalid(ctx, "Status", form["Status"]); return; }
        JsonObject? definition = null;
        if (form.TryGetValue("Definition", out var d) && !TryObject(d, out definition)) { await Invalid(ctx, "Definition", "(not a JSON object)"); return; }
        _store.UpdateFlow(sid, f =>
        {
            f.Status = form["Status"]!;
            if (form.TryGetValue("FriendlyName", out var n)) f.FriendlyName = n!;
            if (definition is not null) { f.Definition = definition; f.Revision++; lock (f.Revisions) f.Revisions[f.Revision] = definition; }
            if (form.TryGetValue("CommitMessage", out var m)) f.CommitMessage = m;
            f.DateUpdated = _store.Now;
        });
        await Json(ctx, 200, w => _res.WriteFlow(w, _store.GetFlow(sid)!, withDefinition: true));
    }

    private Task DeleteFlow(HttpContext ctx, string sid)
    {
        if (!Sids.IsValid(sid, "FW")) return Invalid(ctx, "Sid", sid);
        if (!_store.DeleteFlow(sid)) return NotFound(ctx);
        ctx.Response.StatusCode = 204;
        return Task.CompletedTask;
    }

    // ---- executions ----
    private Task ListExecutions(HttpContext ctx, string flowSid)
    {
        if (!Sids.IsValid(flowSid, "FW")) return Invalid(ctx, "FlowSid", flowSid);
        if (_store.GetFlow(flowSid) is null) return NotFound(ctx);
        if (!TryPaging(ctx, out var pageSize, out var page, out var token, out var error)) return error!;
        var q = ctx.Request.Query;
        // The spec's lowercase 'status' (the query is case-insensitive here); a knob makes it ignored, as a
        // server or proxy might, to prove that listings re-check the status themselves.
        string? status = q.TryGetValue("status", out var s) ? s.ToString() : null;
        if (status is not null && status is not ("active" or "ended")) return Invalid(ctx, "Status", status);
        DateTimeOffset? from = null, to = null;
        if (q.TryGetValue("DateCreatedFrom", out var f)) { if (!TryDate(f!, out var v)) return Invalid(ctx, "DateCreatedFrom", f!); from = v; }
        if (q.TryGetValue("DateCreatedTo", out var t)) { if (!TryDate(t!, out var v)) return Invalid(ctx, "DateCreatedTo", t!); to = v; }
        (DateTimeOffset, string)? anchor = null;
        var backward = false;
        if (token is not null)
        {
            if (!TryDecodeExecutionToken(token, out var key, out backward)) return Invalid(ctx, "PageToken", token);
            anchor = key;
        }
        var (items, older, newer) = _store.ListExecutions(flowSid, _knobs.IgnoreStatusFilter ? null : status, from, to, pageSize, anchor, backward);
        // Filters travel in every page URL, as Twilio's do.
        var query = new StringBuilder();
        void Add(string k, string? v) { if (v is null) return; if (query.Length > 0) query.Append('&'); query.Append(k).Append('=').Append(Uri.EscapeDataString(v)); }
        Add("status", status);
        Add("DateCreatedFrom", from is null ? null : Resources.Date(from.Value));
        Add("DateCreatedTo", to is null ? null : Resources.Date(to.Value));
        return Json(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("executions");
            foreach (var e in items) _res.WriteExecution(w, e);
            w.WriteEndArray();
            Resources.WriteMeta(w, "executions", $"/v2/Flows/{flowSid}/Executions", query.ToString(), page, pageSize, token,
                older && items.Count > 0 ? ExecutionToken("PA", items[^1]) : null,
                newer && items.Count > 0 ? ExecutionToken("PB", items[0]) : null);
            w.WriteEndObject();
        });
    }

    private async Task CreateExecution(HttpContext ctx, string flowSid)
    {
        if (!Sids.IsValid(flowSid, "FW")) { await Invalid(ctx, "FlowSid", flowSid); return; }
        var flow = _store.GetFlow(flowSid);
        if (flow is null) { await NotFound(ctx); return; }
        var form = await Form(ctx);
        if (!Required(ctx, form, out var err, "To", "From")) { await err!; return; }
        JsonObject? parameters = null;
        if (form.TryGetValue("Parameters", out var p) && !TryObject(p, out parameters)) { await Invalid(ctx, "Parameters", "(not a JSON object)"); return; }
        if (!_creations.TryAcquire(_store.Clock.GetUtcNow()))
        {
            // Studio's limit for API-started executions: 20 per second per account.
            await Error(ctx, 429, 20429, "Too Many Requests: at most 20 executions per second may be created through the API.");
            return;
        }
        var now = _store.Now;
        var firstWidget = (flow.Definition["states"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(x => (string?)x["type"] == "trigger")?["transitions"]?.AsArray().OfType<JsonObject>()
            .FirstOrDefault(x => (string?)x["event"] == "incomingRequest")?["next"]?.GetValue<string>();
        var state = firstWidget is null ? null : (flow.Definition["states"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(x => (string?)x["name"] == firstWidget);
        var path = new[]
        {
            new StepTemplate("incomingRequest", "Trigger", firstWidget ?? "Ended", (string?)state?["type"] ?? "end", TimeSpan.Zero),
        };
        var e = new Execution
        {
            Sid = Sids.Derive("FN", Guid.NewGuid().ToString()), FlowSid = flowSid, ContactAddress = form["To"]!, From = form["From"]!,
            ContactSid = Sids.Derive("FC", flowSid + form["To"]), FlowVersion = flow.Revision,
            Status = firstWidget is null ? "ended" : "active", DateCreated = now, DateUpdated = now,
            InitiatedBy = Sids.Derive("RQ", Guid.NewGuid().ToString()), Path = path, Parameters = parameters,
        };
        var blocking = _store.TryAddExecution(e);
        if (blocking is not null)
        {
            // Twilio's Execution page: the 409 names the execution that holds the contact in details.
            await Error(ctx, 409, 20409,
                $"An execution is already active for this To/From combination on flow {flowSid}.",
                w => w.WriteString("conflicting_execution_sid", blocking.Sid));
            return;
        }
        await Json(ctx, 201, w => _res.WriteExecution(w, e));
    }

    private Task FetchExecution(HttpContext ctx, string flowSid, string sid)
        => WithExecution(ctx, flowSid, sid, e => Json(ctx, 200, w => _res.WriteExecution(w, e)));

    private async Task UpdateExecution(HttpContext ctx, string flowSid, string sid)
    {
        if (!ValidExecutionPath(ctx, flowSid, sid, out var err)) { await err!; return; }
        var form = await Form(ctx);
        if (!Required(ctx, form, out err, "Status")) { await err!; return; }
        if (form["Status"] != "ended") { await Invalid(ctx, "Status", form["Status"]); return; }
        switch (_store.EndExecution(flowSid, sid, out var e))
        {
            case Store.EndResult.NotFound:
                await NotFound(ctx);
                return;
            case Store.EndResult.AlreadyEnded:
                // Twilio's Execution page: ending an execution already in the ended state fails with 409 Conflict.
                await Error(ctx, 409, 20409, $"Execution {sid} is not active: it has already ended.");
                return;
        }
        await Json(ctx, 200, w => _res.WriteExecution(w, e!));
    }

    private Task DeleteExecution(HttpContext ctx, string flowSid, string sid)
    {
        if (!ValidExecutionPath(ctx, flowSid, sid, out var err)) return err!;
        if (!_store.DeleteExecution(flowSid, sid)) return NotFound(ctx);
        ctx.Response.StatusCode = 204;
        return Task.CompletedTask;
    }

    private Task FetchExecutionContext(HttpContext ctx, string flowSid, string sid)
        => WithExecution(ctx, flowSid, sid, e => Json(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("account_sid", _store.AccountSid);
            w.WritePropertyName("context");
            _res.ExecutionContext(e).WriteTo(w);
            w.WriteString("flow_sid", e.FlowSid);
            w.WriteString("execution_sid", e.Sid);
            w.WriteString("url", $"{Resources.Origin}/v2/Flows/{e.FlowSid}/Executions/{e.Sid}/Context");
            w.WriteEndObject();
        }));

    private Task ListSteps(HttpContext ctx, string flowSid, string sid)
        => WithExecution(ctx, flowSid, sid, e =>
        {
            if (!TryPaging(ctx, out var pageSize, out var page, out var token, out var error)) return error!;
            // Newest step first. A token holds the index the next page starts at.
            var start = e.Path.Length - 1;
            if (token is not null && (!token.StartsWith("PA", StringComparison.Ordinal) || !int.TryParse(token.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out start) || start >= e.Path.Length))
                return Invalid(ctx, "PageToken", token);
            var end = Math.Max(-1, start - pageSize);
            return Json(ctx, 200, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("steps");
                for (var i = start; i > end; i--) _res.WriteStep(w, e, i);
                w.WriteEndArray();
                Resources.WriteMeta(w, "steps", $"/v2/Flows/{flowSid}/Executions/{sid}/Steps", "", page, pageSize, token,
                    end >= 0 ? "PA" + end.ToString(CultureInfo.InvariantCulture) : null, null);
                w.WriteEndObject();
            });
        });

    private Task FetchStep(HttpContext ctx, string flowSid, string executionSid, string sid)
    {
        if (!Sids.IsValid(sid, "FT")) return Invalid(ctx, "Sid", sid);
        return WithExecution(ctx, flowSid, executionSid, e =>
        {
            var i = Resources.FindStep(e, sid);
            return i < 0 ? NotFound(ctx) : Json(ctx, 200, w => _res.WriteStep(w, e, i));
        });
    }

    private Task FetchStepContext(HttpContext ctx, string flowSid, string executionSid, string sid)
    {
        if (!Sids.IsValid(sid, "FT")) return Invalid(ctx, "StepSid", sid);
        return WithExecution(ctx, flowSid, executionSid, e =>
        {
            var i = Resources.FindStep(e, sid);
            if (i < 0) return NotFound(ctx);
            return Json(ctx, 200, w =>
            {
                w.WriteStartObject();
                w.WriteString("account_sid", _store.AccountSid);
                w.WritePropertyName("context");
                _res.ExecutionContext(e, upToStep: i).WriteTo(w);
                w.WriteString("execution_sid", e.Sid);
                w.WriteString("flow_sid", e.FlowSid);
                w.WriteString("step_sid", sid);
                w.WriteString("url", $"{Resources.Origin}/v2/Flows/{e.FlowSid}/Executions/{e.Sid}/Steps/{sid}/Context");
                w.WriteEndObject();
            });
        });
    }

    // ---- helpers ----
    private bool ValidExecutionPath(HttpContext ctx, string flowSid, string sid, out Task? error)
    {
        error = !Sids.IsValid(flowSid, "FW") ? Invalid(ctx, "FlowSid", flowSid) : !Sids.IsValid(sid, "FN") ? Invalid(ctx, "Sid", sid) : null;
        return error is null;
    }

    private Task WithExecution(HttpContext ctx, string flowSid, string sid, Func<Execution, Task> then)
    {
        if (!ValidExecutionPath(ctx, flowSid, sid, out var err)) return err!;
        var e = _store.GetExecution(flowSid, sid);
        return e is null ? NotFound(ctx) : then(e);
    }

    private static bool TryPaging(HttpContext ctx, out int pageSize, out int page, out string? token, out Task? error)
    {
        var q = ctx.Request.Query;
        pageSize = 50; page = 0; token = null; error = null;
        if (q.TryGetValue("PageSize", out var ps) && (!int.TryParse(ps, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > 1000))
        {
            error = Invalid(ctx, "PageSize", ps!); return false;
        }
        if (q.TryGetValue("Page", out var p) && !int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out page))
        {
            error = Invalid(ctx, "Page", p!); return false;
        }
        if (q.TryGetValue("PageToken", out var t)) token = t.ToString();
        return true;
    }

    private static bool TryDate(string text, out DateTimeOffset value)
        => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    private static string Encode(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecode(string s, out string value)
    {
        value = "";
        try
        {
            var b = s.Replace('-', '+').Replace('_', '/');
            value = Encoding.UTF8.GetString(Convert.FromBase64String(b.PadRight(b.Length + (4 - b.Length % 4) % 4, '=')));
            return true;
        }
        catch (FormatException) { return false; }
    }

    private static string ExecutionToken(string prefix, Execution e)
        => prefix + Encode(e.DateCreated.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ":" + e.Sid);

    private static bool TryDecodeExecutionToken(string token, out (DateTimeOffset, string) key, out bool backward)
    {
        key = default;
        backward = token.StartsWith("PB", StringComparison.Ordinal);
        if (token.Length < 3 || !(backward || token.StartsWith("PA", StringComparison.Ordinal)) || !TryDecode(token[2..], out var raw)) return false;
        var parts = raw.Split(':');
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var secs) || !Sids.IsValid(parts[1], "FN")) return false;
        key = (DateTimeOffset.FromUnixTimeSeconds(secs), parts[1]);
        return true;
    }

    private static bool TryDecodeFlowToken(string token, out string? after)
    {
        after = null;
        if (token.Length < 3 || !token.StartsWith("PA", StringComparison.Ordinal) || !TryDecode(token[2..], out var sid) || !Sids.IsValid(sid, "FW")) return false;
        after = sid;
        return true;
    }

    private static bool IsFlowStatus(string? s) => s is "draft" or "published";

    private static bool TryObject(string? json, out JsonObject? value)
    {
        value = null;
        try { value = JsonNode.Parse(json ?? "") as JsonObject; }
        catch (JsonException) { }
        return value is not null;
    }

    private static async Task<Dictionary<string, string?>> Form(HttpContext ctx)
    {
        var d = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (!ctx.Request.HasFormContentType) return d;
        var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
        foreach (var (k, v) in form) d[k] = v.ToString();
        return d;
    }

    private static bool Required(HttpContext ctx, Dictionary<string, string?> form, out Task? error, params string[] names)
    {
        foreach (var n in names)
        {
            if (!form.TryGetValue(n, out var v) || string.IsNullOrEmpty(v))
            {
                error = Error(ctx, 400, 20001, $"Missing required parameter {n} in the post body");
                return false;
            }
        }
        error = null;
        return true;
    }

    private static Task Invalid(HttpContext ctx, string name, string? value)
        => Error(ctx, 400, 20001, $"Invalid value '{value}' for parameter {name}");

    private static Task NotFound(HttpContext ctx)
        => Error(ctx, 404, 20404, $"The requested resource {ctx.Request.Path} was not found");

    public static Task Error(HttpContext ctx, int status, int code, string message, Action<Utf8JsonWriter>? details = null) => Json(ctx, status, w =>
    {
        w.WriteStartObject();
        w.WriteNumber("code", code);
        w.WriteString("message", message);
        w.WriteString("more_info", $"https://www.twilio.com/docs/errors/{code}");
        w.WriteNumber("status", status);
        if (details is not null)
        {
            w.WriteStartObject("details");
            details(w);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    });

    // Twilio writes '+' and quotes as they are; so do we.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task Json(HttpContext ctx, int status, Action<Utf8JsonWriter> write)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions)) write(w);
        await ctx.Response.Body.WriteAsync(buffer.WrittenMemory, ctx.RequestAborted);
    }
}
