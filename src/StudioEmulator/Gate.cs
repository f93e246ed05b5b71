using System.Collections.Concurrent;

namespace StudioEmulator;

/// <summary>
/// Everything in front of the Twilio routes (/v2 and /2010-04-01): the request log, the concurrency cap of the
/// account the request speaks for (429, code 20429), latency, fault injection and HTTP Basic auth (401, code 20003;
/// 20005 for Studio of a suspended account), in that order.
/// </summary>
internal sealed class Gate
{
    private const int MaxLogged = 2_000_000;
    private readonly Fleet _fleet;
    private readonly Knobs _knobs;
    private readonly ConcurrentQueue<LoggedRequest> _log = new();
    private long _seq;
    private int _inFlight;
    private int _maxInFlight;

    /// <summary>The most /v2 requests seen in flight at once since the log was last cleared.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public Gate(Fleet fleet, Knobs knobs)
    {
        _fleet = fleet;
        _knobs = knobs;
    }

    public IEnumerable<LoggedRequest> Log => _log;

    /// <summary>The last sequence number given to a request (its entry may still be on its way into the log).</summary>
    public long LastSeq => Interlocked.Read(ref _seq);

    public void ClearLog()
    {
        while (_log.TryDequeue(out _)) { }
        Interlocked.Exchange(ref _maxInFlight, 0);
    }

    public async Task InvokeAsync(HttpContext ctx, RequestDelegate next)
    {
        var studio = ctx.Request.Path.StartsWithSegments("/v2", StringComparison.Ordinal);
        // Studio (/v2), the Accounts API (/2010-04-01), and Conversations, FlexApi and TaskRouter (/v1): all are Twilio's.
        if (!studio && !ctx.Request.Path.StartsWithSegments("/2010-04-01", StringComparison.Ordinal) && !ctx.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
        {
            await next(ctx);
            return;
        }
        var started = DateTimeOffset.UtcNow;
        string? form = null;
        if (HttpMethods.IsPost(ctx.Request.Method) && ctx.Request.HasFormContentType)
        {
            ctx.Request.EnableBuffering();
            using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8, leaveOpen: true);
            form = await reader.ReadToEndAsync(ctx.RequestAborted);
            ctx.Request.Body.Position = 0;
        }
        // Read once: the log names the user, the cap counts its account, and auth checks the pair.
        var (user, password) = BasicCredentials(ctx);
        var entry = new LoggedRequest(Interlocked.Increment(ref _seq), started, ctx.Request.Method, ctx.Request.Path.Value ?? "",
            ctx.Request.QueryString.Value ?? "", form, user);
        if (_log.Count < MaxLogged) _log.Enqueue(entry);

        // Twilio's concurrency limit is per account: the account the request speaks for, before its password is checked.
        var account = _fleet.ForUser(entry.User) ?? _fleet.Parent;
        var ofAccount = account.Enter();
        var holdsPlace = true;
        var inFlight = Interlocked.Increment(ref _inFlight);
        for (var seen = Volatile.Read(ref _maxInFlight); inFlight > seen; seen = Volatile.Read(ref _maxInFlight))
            if (Interlocked.CompareExchange(ref _maxInFlight, inFlight, seen) == seen) break;
        try
        {
            var cap = _knobs.MaxConcurrency;
            if (cap > 0 && ofAccount > cap)
            {
                entry.Fault = "concurrency";
                // A refused request takes no place in the account's cap, but its answer still crosses the network: a 429
                // from Twilio costs the client a round trip, as any answer does.
                account.Exit();
                holdsPlace = false;
                var roundTrip = _knobs.LatencyMs + account.ExtraLatencyMs;
                if (roundTrip > 0) await Task.Delay(roundTrip, ctx.RequestAborted);
                _knobs.AddRetryAfter(ctx.Response);
                // Twilio reports the account's requests in flight on a 429 for concurrency (error 20429's page).
                ctx.Response.Headers["Twilio-Concurrent-Requests"] = ofAccount.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await TwilioErrors.TooManyRequests(ctx);
                return;
            }
            var latency = _knobs.LatencyMs + account.ExtraLatencyMs;
            var afterWrite = _knobs.LatencyAfterWrite;
            if (latency > 0 && !afterWrite) await Task.Delay(latency, ctx.RequestAborted);

            var fault = _knobs.DecideFault(ctx.Request.Method, entry.Path + entry.Query);
            entry.Fault = fault?.Name();
            switch (fault)
            {
                case FaultKind.TooManyRequests:
                    _knobs.AddRetryAfter(ctx.Response);
                    await TwilioErrors.TooManyRequests(ctx);
                    return;
                case FaultKind.Unavailable:
                    await TwilioErrors.ServiceUnavailable(ctx);
                    return;
                case FaultKind.Drop:
                    ctx.Abort();
                    return;
                case FaultKind.Html:
                    // What a proxy or load balancer in front of the API says when it fails.
                    ctx.Response.StatusCode = 502;
                    ctx.Response.ContentType = "text/html";
                    await ctx.Response.WriteAsync("<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>", ctx.RequestAborted);
                    return;
            }

            if (_fleet.Authenticate(user, password) is not { } caller)
            {
                ctx.Response.Headers.WWWAuthenticate = "Basic realm=\"Twilio API\"";
                await TwilioErrors.Unauthenticated(ctx);
                return;
            }
            if (studio && caller.Account.Status == AccountStatus.Suspended)
            {
                await TwilioErrors.AccountNotActive(ctx);
                return;
            }
            ctx.Items[AccountRoutes.AuthKey] = caller;

            if (fault == FaultKind.Lost)
            {
                // The write happens; its response never reaches the client.
                var original = ctx.Response.Body;
                ctx.Response.Body = Stream.Null;
                try { await next(ctx); }
                finally { ctx.Response.Body = original; }
                ctx.Abort();
                return;
            }
            if (latency > 0 && afterWrite)
            {
                // Carried out now, answered late: the answer waits in a buffer, whether or not anyone is still there.
                var original = ctx.Response.Body;
                var buffer = new MemoryStream();
                ctx.Response.Body = buffer;
                try { await next(ctx); }
                finally { ctx.Response.Body = original; }
                await Task.Delay(latency);
                if (ctx.RequestAborted.IsCancellationRequested) return;
                buffer.Position = 0;
                try { await buffer.CopyToAsync(original, ctx.RequestAborted); }
                catch (OperationCanceledException) { }
                return;
            }
            await next(ctx);
        }
        finally
        {
            if (holdsPlace) account.Exit();
            Interlocked.Decrement(ref _inFlight);
            entry.Status = ctx.Response.StatusCode;
            entry.Milliseconds = (DateTimeOffset.UtcNow - started).TotalMilliseconds;
        }
    }

    private static (string? User, string? Password) BasicCredentials(HttpContext ctx)
    {
        var header = ctx.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return (null, null);
        try
        {
            var raw = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = raw.IndexOf(':');
            return colon < 0 ? (raw, null) : (raw[..colon], raw[(colon + 1)..]);
        }
        catch (FormatException) { return (null, null); }
    }

    /// <summary>Who a request that passed the gate authenticated as.</summary>
    public static (Account Account, bool StandardKey) Caller(HttpContext ctx) => ((Account, bool))ctx.Items[AccountRoutes.AuthKey]!;
}
