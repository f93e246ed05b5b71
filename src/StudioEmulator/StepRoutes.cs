namespace StudioEmulator;

/// <summary>Execution contexts and steps, and the checks every execution route shares.</summary>
internal sealed partial class StudioApi
{
    private Task FetchExecutionContext(HttpContext ctx, string flowSid, string sid)
        => WithExecution(ctx, flowSid, sid, e => Reply.Json(ctx, 200, w =>
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
            if (!Paging.TryPaging(ctx, out var pageSize, out var page, out var token, out var error)) return error!;
            // Newest step first. A token holds the index the next page starts at.
            var start = e.Path.Length - 1;
            if (token is not null && (!token.StartsWith("PA", StringComparison.Ordinal) || !int.TryParse(token.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out start) || start >= e.Path.Length))
                return TwilioErrors.Invalid(ctx, "PageToken", token);
            var end = Math.Max(-1, start - pageSize);
            return Reply.Json(ctx, 200, w =>
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
        if (!Sids.IsValid(sid, "FT")) return TwilioErrors.Invalid(ctx, "Sid", sid);
        return WithExecution(ctx, flowSid, executionSid, e =>
        {
            var i = Resources.FindStep(e, sid);
            return i < 0 ? TwilioErrors.NotFound(ctx) : Reply.Json(ctx, 200, w => _res.WriteStep(w, e, i));
        });
    }

    private Task FetchStepContext(HttpContext ctx, string flowSid, string executionSid, string sid)
    {
        if (!Sids.IsValid(sid, "FT")) return TwilioErrors.Invalid(ctx, "StepSid", sid);
        return WithExecution(ctx, flowSid, executionSid, e =>
        {
            var i = Resources.FindStep(e, sid);
            if (i < 0) return TwilioErrors.NotFound(ctx);
            return Reply.Json(ctx, 200, w =>
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

    private bool ValidExecutionPath(HttpContext ctx, string flowSid, string sid, out Task? error)
    {
        error = !Sids.IsValid(flowSid, "FW") ? TwilioErrors.Invalid(ctx, "FlowSid", flowSid) : !Sids.IsValid(sid, "FN") ? TwilioErrors.Invalid(ctx, "Sid", sid) : null;
        return error is null;
    }

    private Task WithExecution(HttpContext ctx, string flowSid, string sid, Func<Execution, Task> then)
    {
        if (!ValidExecutionPath(ctx, flowSid, sid, out var err)) return err!;
        var e = _store.GetExecution(flowSid, sid);
        return e is null ? TwilioErrors.NotFound(ctx) : then(e);
    }
}
