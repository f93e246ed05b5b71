namespace StudioEmulator;

/// <summary>Executions: list, create, fetch, end and delete.</summary>
internal sealed partial class StudioApi
{
    private Task ListExecutions(HttpContext ctx, string flowSid)
    {
        if (!Sids.IsValid(flowSid, "FW")) return TwilioErrors.Invalid(ctx, "FlowSid", flowSid);
        if (_store.GetFlow(flowSid) is null) return TwilioErrors.NotFound(ctx);
        if (!Paging.TryPaging(ctx, out var pageSize, out var page, out var token, out var error)) return error!;
        var q = ctx.Request.Query;
        // The spec's lowercase 'status' (the query is case-insensitive here); a knob makes it ignored, as a
        // server or proxy might, to prove that listings re-check the status themselves.
        string? status = q.TryGetValue("status", out var s) ? s.ToString() : null;
        ExecutionStatus? wanted = null;
        if (status is not null)
        {
            if (!TwilioEnums.TryParse<ExecutionStatus>(status, out var parsed)) return TwilioErrors.Invalid(ctx, "Status", status);
            wanted = parsed;
        }
        DateTimeOffset? from = null, to = null;
        if (q.TryGetValue("DateCreatedFrom", out var f)) { if (!Paging.TryDate(f!, out var v)) return TwilioErrors.Invalid(ctx, "DateCreatedFrom", f!); from = v; }
        if (q.TryGetValue("DateCreatedTo", out var t)) { if (!Paging.TryDate(t!, out var v)) return TwilioErrors.Invalid(ctx, "DateCreatedTo", t!); to = v; }
        (DateTimeOffset, string)? anchor = null;
        var backward = false;
        if (token is not null)
        {
            if (!Paging.TryDecodeExecutionToken(token, out var key, out backward)) return TwilioErrors.Invalid(ctx, "PageToken", token);
            anchor = key;
        }
        var (items, older, newer) = _store.ListExecutions(flowSid, _knobs.IgnoreStatusFilter ? null : wanted, from, to, pageSize, anchor, backward);
        // Filters travel in every page URL, as Twilio's do.
        var query = new StringBuilder();
        void Add(string k, string? v) { if (v is null) return; if (query.Length > 0) query.Append('&'); query.Append(k).Append('=').Append(Uri.EscapeDataString(v)); }
        Add("status", status);
        Add("DateCreatedFrom", from is null ? null : Resources.Date(from.Value));
        Add("DateCreatedTo", to is null ? null : Resources.Date(to.Value));
        return Reply.Json(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("executions");
            foreach (var e in items) _res.WriteExecution(w, e);
            w.WriteEndArray();
            Resources.WriteMeta(w, "executions", $"/v2/Flows/{flowSid}/Executions", query.ToString(), page, pageSize, token,
                older && items.Count > 0 ? Paging.ExecutionToken("PA", items[^1]) : null,
                newer && items.Count > 0 ? Paging.ExecutionToken("PB", items[0]) : null);
            w.WriteEndObject();
        });
    }

    private async Task CreateExecution(HttpContext ctx, string flowSid)
    {
        if (!Sids.IsValid(flowSid, "FW")) { await TwilioErrors.Invalid(ctx, "FlowSid", flowSid); return; }
        var flow = _store.GetFlow(flowSid);
        if (flow is null) { await TwilioErrors.NotFound(ctx); return; }
        var form = await FormInput.Form(ctx);
        if (!FormInput.Required(ctx, form, out var err, "To", "From")) { await err!; return; }
        JsonObject? parameters = null;
        if (form.TryGetValue("Parameters", out var p) && !FormInput.TryObject(p, out parameters)) { await TwilioErrors.Invalid(ctx, "Parameters", "(not a JSON object)"); return; }
        if (!_creations.TryAcquire(_store.Clock.GetUtcNow()))
        {
            // Studio's limit for API-started executions: 20 per second per account.
            await TwilioErrors.TooManyCreations(ctx);
            return;
        }
        var now = _store.Now;
        // New executions run the published revision; a draft saved on top changes nothing for them.
        var published = flow.Published;
        if (published is null) { await TwilioErrors.NotFound(ctx); return; }
        var (revision, definition) = published.Value;
        var firstWidget = (definition["states"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(x => (string?)x["type"] == "trigger")?["transitions"]?.AsArray().OfType<JsonObject>()
            .FirstOrDefault(x => (string?)x["event"] == "incomingRequest")?["next"]?.GetValue<string>();
        var state = firstWidget is null ? null : (definition["states"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(x => (string?)x["name"] == firstWidget);
        var path = new[]
        {
            new StepTemplate("incomingRequest", "Trigger", firstWidget ?? "Ended", (string?)state?["type"] ?? "end", TimeSpan.Zero),
        };
        var e = new Execution
        {
            Sid = Sids.Derive("FN", Guid.NewGuid().ToString()), FlowSid = flowSid, ContactAddress = form["To"]!, From = form["From"]!,
            ContactSid = Sids.Derive("FC", flowSid + form["To"]), FlowVersion = revision, Walks = true,
            Status = firstWidget is null ? ExecutionStatus.Ended : ExecutionStatus.Active, DateCreated = now, DateUpdated = now,
            InitiatedBy = Sids.Derive("RQ", Guid.NewGuid().ToString()), Path = path, Parameters = parameters,
        };
        var blocking = _store.TryAddExecution(e);
        if (blocking is not null)
        {
            // Twilio's Execution page: the 409 names the execution that holds the contact in details.
            await TwilioErrors.ContactBusy(ctx, flowSid, blocking.Sid);
            return;
        }
        await Reply.Json(ctx, 201, w => _res.WriteExecution(w, e));
    }

    private Task FetchExecution(HttpContext ctx, string flowSid, string sid)
        => WithExecution(ctx, flowSid, sid, e => Reply.Json(ctx, 200, w => _res.WriteExecution(w, e)));

    private async Task UpdateExecution(HttpContext ctx, string flowSid, string sid)
    {
        if (!ValidExecutionPath(ctx, flowSid, sid, out var err)) { await err!; return; }
        var form = await FormInput.Form(ctx);
        if (!FormInput.Required(ctx, form, out err, "Status")) { await err!; return; }
        if (!TwilioEnums.TryParse<ExecutionStatus>(form["Status"], out var asked) || asked != ExecutionStatus.Ended) { await TwilioErrors.Invalid(ctx, "Status", form["Status"]); return; }
        switch (_store.EndExecution(flowSid, sid, out var e))
        {
            case Store.EndResult.NotFound:
                await TwilioErrors.NotFound(ctx);
                return;
            case Store.EndResult.AlreadyEnded:
                // Twilio's Execution page: ending an execution already in the ended state fails with 409 Conflict.
                await TwilioErrors.ExecutionNotActive(ctx, sid);
                return;
        }
        await Reply.Json(ctx, 200, w => _res.WriteExecution(w, e!));
    }

    private Task DeleteExecution(HttpContext ctx, string flowSid, string sid)
    {
        if (!ValidExecutionPath(ctx, flowSid, sid, out var err)) return err!;
        if (!_store.DeleteExecution(flowSid, sid)) return TwilioErrors.NotFound(ctx);
        ctx.Response.StatusCode = 204;
        return Task.CompletedTask;
    }
}
