namespace StudioEmulator;

/// <summary>
/// The 2010 Accounts API as far as a fleet needs it: list (FriendlyName, Status, paged as the 2010 API pages) and
/// fetch. The parent sees itself and its subaccounts, a subaccount only itself; an account's auth_token is in the
/// answer only for the parent or the account itself. A Standard API key is refused (a Main key or the token is needed).
/// </summary>
internal static class AccountRoutes
{
    public const string AuthKey = "StudioEmulator.Auth";

    public static void Map(WebApplication app, Fleet fleet)
    {
        app.MapGet("/2010-04-01/Accounts.json", (HttpContext ctx) => List(ctx, fleet));
        app.MapGet("/2010-04-01/Accounts/{sid}.json", (HttpContext ctx, string sid) => Fetch(ctx, fleet, sid));
        app.Map("/2010-04-01/{**rest}", (HttpContext ctx) => TwilioErrors.NotFound(ctx));
    }

    private static Task List(HttpContext ctx, Fleet fleet)
    {
        var (caller, standardKey) = Gate.Caller(ctx);
        if (standardKey) return TwilioErrors.MainKeyRequired(ctx);
        var q = ctx.Request.Query;
        string? name = q.TryGetValue("FriendlyName", out var n) ? n.ToString() : null;
        AccountStatus? status = null;
        if (q.TryGetValue("Status", out var s))
        {
            if (!TwilioEnums.TryParse<AccountStatus>(s, out var parsed)) return TwilioErrors.Invalid(ctx, "Status", s);
            status = parsed;
        }
        if (!Paging.TryPaging(ctx, out var pageSize, out var page, out var token, out var invalid)) return invalid!;
        var visible = (caller.IsParent ? fleet.All : new[] { caller })
            .Where(a => (name is null || a.FriendlyName == name) && (status is null || a.Status == status)).ToList();
        int start;
        // The 2010 API's page token is PA and the last SID of the page before.
        if (token is not null)
        {
            if (!token.StartsWith("PA", StringComparison.Ordinal)) return TwilioErrors.Invalid(ctx, "PageToken", token);
            start = visible.FindIndex(a => a.Sid == token[2..]) + 1;
        }
        else start = page * pageSize;
        var items = visible.Skip(start).Take(pageSize).ToList();
        string Uri(int p, string? pageToken)
        {
            var query = new List<string>();
            if (name is not null) query.Add("FriendlyName=" + System.Uri.EscapeDataString(name));
            if (status is not null) query.Add("Status=" + status.Value.Wire());
            query.Add($"PageSize={pageSize}");
            query.Add($"Page={p}");
            if (pageToken is not null) query.Add("PageToken=" + pageToken);
            return "/2010-04-01/Accounts.json?" + string.Join("&", query);
        }
        var more = start + items.Count < visible.Count && items.Count > 0;
        return Reply.Json(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("accounts");
            foreach (var a in items) Write(w, a, caller);
            w.WriteEndArray();
            w.WriteNumber("page", page);
            w.WriteNumber("page_size", pageSize);
            w.WriteNumber("start", start);
            w.WriteNumber("end", start + Math.Max(items.Count - 1, 0));
            w.WriteString("uri", ctx.Request.Path + ctx.Request.QueryString);
            w.WriteString("first_page_uri", Uri(0, null));
            if (more) w.WriteString("next_page_uri", Uri(page + 1, "PA" + items[^1].Sid)); else w.WriteNull("next_page_uri");
            if (page > 0) w.WriteString("previous_page_uri", Uri(page - 1, null)); else w.WriteNull("previous_page_uri");
            w.WriteEndObject();
        });
    }

    private static Task Fetch(HttpContext ctx, Fleet fleet, string sid)
    {
        var (caller, standardKey) = Gate.Caller(ctx);
        if (standardKey) return TwilioErrors.MainKeyRequired(ctx);
        if (!Sids.IsValid(sid, "AC")) return TwilioErrors.Invalid(ctx, "Sid", sid);
        var account = fleet.Find(sid);
        if (account is null || !(caller.IsParent ? account.OwnerSid == caller.Sid : account == caller)) return TwilioErrors.NotFound(ctx);
        return Reply.Json(ctx, 200, w => Write(w, account, caller));
    }

    private static void Write(Utf8JsonWriter w, Account a, Account caller)
    {
        w.WriteStartObject();
        // The token only to whom it may be shown: the parent, or the account itself.
        if (caller.IsParent || caller == a) w.WriteString("auth_token", a.AuthToken); else w.WriteNull("auth_token");
        w.WriteString("date_created", Rfc2822(a.Created));
        w.WriteString("date_updated", Rfc2822(a.Created));
        w.WriteString("friendly_name", a.FriendlyName);
        w.WriteString("owner_account_sid", a.OwnerSid);
        w.WriteString("sid", a.Sid);
        w.WriteString("status", a.Status.Wire());
        w.WriteStartObject("subresource_uris");
        w.WriteEndObject();
        w.WriteString("type", "Full");
        w.WriteString("uri", $"/2010-04-01/Accounts/{a.Sid}.json");
        w.WriteEndObject();
    }

    /// <summary>The 2010 API's dates: RFC 2822, in GMT.</summary>
    public static string Rfc2822(DateTimeOffset t) => t.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
}
