namespace StudioEmulator;

/// <summary>Flows and their revisions.</summary>
internal sealed partial class StudioApi
{
    private Task ListFlows(HttpContext ctx)
    {
        if (!Paging.TryPaging(ctx, out var pageSize, out var page, out var token, out var error)) return error!;
        string? after = null;
        if (token is not null && !Paging.TryDecodeFlowToken(token, out after)) return TwilioErrors.Invalid(ctx, "PageToken", token);
        var (items, next) = _store.ListFlows(pageSize, after);
        return Reply.Json(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("flows");
            foreach (var f in items) _res.WriteFlow(w, f, withDefinition: false);
            w.WriteEndArray();
            Resources.WriteMeta(w, "flows", "/v2/Flows", "", page, pageSize, token,
                next is null ? null : "PA" + Paging.Encode(next), page > 0 && items.Count > 0 ? "PB" + Paging.Encode(items[0].Sid) : null);
            w.WriteEndObject();
        });
    }

    private async Task CreateFlow(HttpContext ctx)
    {
        var form = await FormInput.Form(ctx);
        if (!FormInput.Required(ctx, form, out var err, "FriendlyName", "Status", "Definition")) { await err!; return; }
        if (await FlowForm(ctx, form) is not { } written) return;
        var (status, definition) = written;
        var now = _store.Now;
        var flow = new Flow
        {
            Sid = Sids.Derive("FW", Guid.NewGuid().ToString()), FriendlyName = form["FriendlyName"]!, Definition = definition!,
            DateCreated = now, DateUpdated = now,
        };
        flow.Record(1, definition!, status, form.GetValueOrDefault("CommitMessage"), now);
        _store.AddFlow(flow);
        await Reply.Json(ctx, 201, w => _res.WriteFlow(w, flow, withDefinition: true));
    }

    private Task FetchFlow(HttpContext ctx, string sid)
    {
        if (!Sids.IsValid(sid, "FW")) return TwilioErrors.Invalid(ctx, "Sid", sid);
        var f = _store.GetFlow(sid);
        return f is null ? TwilioErrors.NotFound(ctx) : Reply.Json(ctx, 200, w => _res.WriteFlow(w, f, withDefinition: true));
    }

    private Task FetchRevision(HttpContext ctx, string sid, string revision)
    {
        if (!Sids.IsValid(sid, "FW")) return TwilioErrors.Invalid(ctx, "Sid", sid);
        var f = _store.GetFlow(sid);
        if (f is null) return TwilioErrors.NotFound(ctx);
        // A number, LatestPublished or LatestRevision (Twilio's Flow Revision page); anything else is 81021.
        var number = revision switch
        {
            "LatestPublished" => f.PublishedRevision,
            "LatestRevision" => f.Revision,
            _ => int.TryParse(revision, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1,
        };
        if (number < 0) return TwilioErrors.InvalidRevision(ctx, revision);
        JsonObject? definition;
        lock (f.Revisions) definition = f.Revisions.GetValueOrDefault(number);
        return definition is null ? TwilioErrors.NotFound(ctx) : Reply.Json(ctx, 200, w => _res.WriteRevision(w, f, number, definition));
    }

    /// <summary>A flow's revisions, newest first, paged like every list.</summary>
    private Task ListRevisions(HttpContext ctx, string sid)
    {
        if (!Sids.IsValid(sid, "FW")) return TwilioErrors.Invalid(ctx, "Sid", sid);
        var f = _store.GetFlow(sid);
        if (f is null) return TwilioErrors.NotFound(ctx);
        if (!Paging.TryPaging(ctx, out var pageSize, out var page, out var token, out var error)) return error!;
        List<(int Number, JsonObject Definition)> all;
        lock (f.Revisions) all = f.Revisions.OrderByDescending(r => r.Key).Select(r => (r.Key, r.Value)).ToList();
        var items = all.Skip(page * pageSize).Take(pageSize).ToList();
        var more = all.Count > (page + 1) * pageSize;
        return Reply.Json(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("revisions");
            foreach (var (number, definition) in items) _res.WriteRevision(w, f, number, definition);
            w.WriteEndArray();
            Resources.WriteMeta(w, "revisions", $"/v2/Flows/{sid}/Revisions", "", page, pageSize, token,
                more ? "PR" + (page + 1).ToString(CultureInfo.InvariantCulture) : null, page > 0 ? "PR" + (page - 1).ToString(CultureInfo.InvariantCulture) : null);
            w.WriteEndObject();
        });
    }

    /// <summary>Checks a definition without saving it (Twilio's Flow Validate): {"valid": true}, or 81022 with each failure.</summary>
    private async Task ValidateFlow(HttpContext ctx)
    {
        var form = await FormInput.Form(ctx);
        if (!FormInput.Required(ctx, form, out var err, "FriendlyName", "Status", "Definition")) { await err!; return; }
        if (await FlowForm(ctx, form) is null) return;
        await Reply.Json(ctx, 200, w => { w.WriteStartObject(); w.WriteBoolean("valid", true); w.WriteEndObject(); });
    }

    private async Task UpdateFlow(HttpContext ctx, string sid)
    {
        if (!Sids.IsValid(sid, "FW")) { await TwilioErrors.Invalid(ctx, "Sid", sid); return; }
        if (_store.GetFlow(sid) is null) { await TwilioErrors.NotFound(ctx); return; }
        var form = await FormInput.Form(ctx);
        if (!FormInput.Required(ctx, form, out var err, "Status")) { await err!; return; }
        if (await FlowForm(ctx, form) is not { } written) return;
        var (status, definition) = written;
        // Every update makes a new, immutable revision; executions already running stay on the revision they started on.
        _store.UpdateFlow(sid, f =>
        {
            if (form.TryGetValue("FriendlyName", out var n)) f.FriendlyName = n!;
            f.Record(f.Revision + 1, definition ?? f.Definition, status, form.GetValueOrDefault("CommitMessage"), _store.Now);
            f.DateUpdated = _store.Now;
        });
        await Reply.Json(ctx, 200, w => _res.WriteFlow(w, _store.GetFlow(sid)!, withDefinition: true));
    }

    private Task DeleteFlow(HttpContext ctx, string sid)
    {
        if (!Sids.IsValid(sid, "FW")) return TwilioErrors.Invalid(ctx, "Sid", sid);
        if (!_store.DeleteFlow(sid)) return TwilioErrors.NotFound(ctx);
        ctx.Response.StatusCode = 204;
        return Task.CompletedTask;
    }

    /// <summary>
    /// What every flow write carries (create, update, Validate), checked as Studio checks it: its Status, and its Definition
    /// when given (a JSON object that passes validation). Null once the error is answered.
    /// </summary>
    private static async Task<(FlowStatus Status, JsonObject? Definition)?> FlowForm(HttpContext ctx, Dictionary<string, string?> form)
    {
        if (!TwilioEnums.TryParse<FlowStatus>(form["Status"], out var status)) { await TwilioErrors.Invalid(ctx, "Status", form["Status"]); return null; }
        if (!form.TryGetValue("Definition", out var text)) return (status, null);
        if (!FormInput.TryObject(text, out var definition)) { await TwilioErrors.Invalid(ctx, "Definition", "(not a JSON object)"); return null; }
        var problems = FlowValidation.Problems(definition!);
        if (problems.Count > 0) { await TwilioErrors.InvalidFlowDefinition(ctx, problems); return null; }
        return (status, definition);
    }
}
