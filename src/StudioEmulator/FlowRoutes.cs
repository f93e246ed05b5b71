namespace StudioEmulator;

/// <summary>Flows and their revisions.</summary>
internal sealed partial class StudioApi
{
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
}
