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

    public void Map(WebApplication app)
    {
        app.MapGet("/v2/Flows", ListFlows);
        app.MapPost("/v2/Flows", CreateFlow);
        app.MapPost("/v2/Flows/Validate", ValidateFlow);
        app.MapGet("/v2/Flows/{sid}", FetchFlow);
        app.MapPost("/v2/Flows/{sid}", UpdateFlow);
        app.MapDelete("/v2/Flows/{sid}", DeleteFlow);
        app.MapGet("/v2/Flows/{sid}/Revisions", ListRevisions);
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
        app.Map("/v2/{**rest}", (HttpContext ctx) => TwilioErrors.NotFound(ctx));
    }
}
