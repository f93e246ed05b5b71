namespace StudioEmulator;

/// <summary>
/// The Studio v2 routes, validated the way Twilio's OpenAPI description says: this part maps them; the handlers are
/// in FlowRoutes, ExecutionRoutes and StepRoutes, paging in Paging, errors in TwilioErrors.
/// </summary>
internal sealed partial class StudioApi
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

    /// <summary>Maps the routes; each request is answered by the routes of the account it authenticated as.</summary>
    public static void Map(WebApplication app, Func<HttpContext, StudioApi> api)
    {
        app.MapGet("/v2/Flows", (HttpContext ctx) => api(ctx).ListFlows(ctx));
        app.MapPost("/v2/Flows", (HttpContext ctx) => api(ctx).CreateFlow(ctx));
        app.MapPost("/v2/Flows/Validate", (HttpContext ctx) => api(ctx).ValidateFlow(ctx));
        app.MapGet("/v2/Flows/{sid}", (HttpContext ctx, string sid) => api(ctx).FetchFlow(ctx, sid));
        app.MapPost("/v2/Flows/{sid}", (HttpContext ctx, string sid) => api(ctx).UpdateFlow(ctx, sid));
        app.MapDelete("/v2/Flows/{sid}", (HttpContext ctx, string sid) => api(ctx).DeleteFlow(ctx, sid));
        app.MapGet("/v2/Flows/{sid}/Revisions", (HttpContext ctx, string sid) => api(ctx).ListRevisions(ctx, sid));
        app.MapGet("/v2/Flows/{sid}/Revisions/{revision}", (HttpContext ctx, string sid, string revision) => api(ctx).FetchRevision(ctx, sid, revision));
        app.MapGet("/v2/Flows/{flowSid}/Executions", (HttpContext ctx, string flowSid) => api(ctx).ListExecutions(ctx, flowSid));
        app.MapPost("/v2/Flows/{flowSid}/Executions", (HttpContext ctx, string flowSid) => api(ctx).CreateExecution(ctx, flowSid));
        app.MapGet("/v2/Flows/{flowSid}/Executions/{sid}", (HttpContext ctx, string flowSid, string sid) => api(ctx).FetchExecution(ctx, flowSid, sid));
        app.MapPost("/v2/Flows/{flowSid}/Executions/{sid}", (HttpContext ctx, string flowSid, string sid) => api(ctx).UpdateExecution(ctx, flowSid, sid));
        app.MapDelete("/v2/Flows/{flowSid}/Executions/{sid}", (HttpContext ctx, string flowSid, string sid) => api(ctx).DeleteExecution(ctx, flowSid, sid));
        app.MapGet("/v2/Flows/{flowSid}/Executions/{sid}/Context", (HttpContext ctx, string flowSid, string sid) => api(ctx).FetchExecutionContext(ctx, flowSid, sid));
        app.MapGet("/v2/Flows/{flowSid}/Executions/{sid}/Steps", (HttpContext ctx, string flowSid, string sid) => api(ctx).ListSteps(ctx, flowSid, sid));
        app.MapGet("/v2/Flows/{flowSid}/Executions/{executionSid}/Steps/{sid}", (HttpContext ctx, string flowSid, string executionSid, string sid) => api(ctx).FetchStep(ctx, flowSid, executionSid, sid));
        app.MapGet("/v2/Flows/{flowSid}/Executions/{executionSid}/Steps/{sid}/Context", (HttpContext ctx, string flowSid, string executionSid, string sid) => api(ctx).FetchStepContext(ctx, flowSid, executionSid, sid));
        app.Map("/v2/{**rest}", (HttpContext ctx) => TwilioErrors.NotFound(ctx));
    }
}
