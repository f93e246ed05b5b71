namespace StudioEmulator;

/// <summary>
/// Every error the emulator answers, one named factory each, in Twilio's error shape (code, message, more_info,
/// status, details). The sources for each are in docs/twilio-behaviour.md.
/// </summary>
internal static class TwilioErrors
{
    /// <summary>400/20001: a parameter has a value the OpenAPI description does not allow.</summary>
    public static Task Invalid(HttpContext ctx, string name, string? value)
        => Error(ctx, 400, 20001, $"Invalid value '{value}' for parameter {name}");

    /// <summary>400/20001: a required form field is missing.</summary>
    public static Task Missing(HttpContext ctx, string name)
        => Error(ctx, 400, 20001, $"Missing required parameter {name} in the post body");

    /// <summary>400/20001: the emulator's own admin input is wrong.</summary>
    public static Task BadAdminInput(HttpContext ctx, string message) => Error(ctx, 400, 20001, message);

    /// <summary>401/20003: no or wrong credentials.</summary>
    public static Task Unauthenticated(HttpContext ctx) => Error(ctx, 401, 20003, "Authenticate");

    /// <summary>401/20005: the account is not active (suspended); Twilio's error 20005, its HTTP status an open question.</summary>
    public static Task AccountNotActive(HttpContext ctx) => Error(ctx, 401, 20005, "Account not active");

    /// <summary>403/20003: a Standard API key asked to list or read accounts, which takes a Main key or the auth token.</summary>
    public static Task MainKeyRequired(HttpContext ctx)
        => Error(ctx, 403, 20003, "Permission Denied: Standard API keys cannot list or read accounts; use a Main API key or the auth token.");

    /// <summary>404/20404: no such resource.</summary>
    public static Task NotFound(HttpContext ctx)
        => Error(ctx, 404, 20404, $"The requested resource {ctx.Request.Path} was not found");

    /// <summary>409/20409: ending an execution that has already ended.</summary>
    public static Task ExecutionNotActive(HttpContext ctx, string sid)
        => Error(ctx, 409, 20409, $"Execution {sid} is not active: it has already ended.");

    /// <summary>409/20409: the contact already has an active execution in the flow; details name it.</summary>
    public static Task ContactBusy(HttpContext ctx, string flowSid, string blockingSid)
        => Error(ctx, 409, 20409, $"An execution is already active for this To/From combination on flow {flowSid}.",
            w => w.WriteString("conflicting_execution_sid", blockingSid));

    /// <summary>400/81022: the flow definition fails validation; details carry each failure with where it is.</summary>
    public static Task InvalidFlowDefinition(HttpContext ctx, IReadOnlyList<(string Message, string Path)> problems)
        => Error(ctx, 400, 81022, "Flow definition validation failed", w =>
        {
            w.WriteStartArray("errors");
            foreach (var (message, path) in problems)
            {
                w.WriteStartObject();
                w.WriteString("message", message);
                w.WriteString("property_path", path);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });

    /// <summary>400/81021: a revision that is neither a number nor LatestPublished/LatestRevision.</summary>
    public static Task InvalidRevision(HttpContext ctx, string value)
        => Error(ctx, 400, 81021, $"Invalid revision '{value}': give a number, LatestPublished or LatestRevision.");

    /// <summary>429/20429: too many requests at once (the account's concurrency).</summary>
    public static Task TooManyRequests(HttpContext ctx) => Error(ctx, 429, 20429, "Too Many Requests");

    /// <summary>429/20429: more than 20 executions a second created through the API.</summary>
    public static Task TooManyCreations(HttpContext ctx)
        => Error(ctx, 429, 20429, "Too Many Requests: at most 20 executions per second may be created through the API.");

    /// <summary>409/50416: the address and proxy address are bound in another non-closed conversation, which the message names.</summary>
    public static Task BindingInUse(HttpContext ctx, string conversationSid)
        => Error(ctx, 409, 50416, $"A binding for this participant and proxy address already exists in Conversation {conversationSid}");

    /// <summary>An error with its own code (the Conversations API's).</summary>
    public static Task Coded(HttpContext ctx, int status, int code, string message) => Error(ctx, status, code, message);

    /// <summary>503/20503: the service is unavailable.</summary>
    public static Task ServiceUnavailable(HttpContext ctx) => Error(ctx, 503, 20503, "Service Unavailable");

    private static Task Error(HttpContext ctx, int status, int code, string message, Action<Utf8JsonWriter>? details = null) => Reply.Json(ctx, status, w =>
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
}
