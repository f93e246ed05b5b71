namespace StudioEmulator;

/// <summary>Twilio's paging: PageSize and Page checked, and page tokens (PA after, PB before) that carry where a page starts.</summary>
internal static class Paging
{
    public static bool TryPaging(HttpContext ctx, out int pageSize, out int page, out string? token, out Task? error)
    {
        var q = ctx.Request.Query;
        pageSize = 50; page = 0; token = null; error = null;
        if (q.TryGetValue("PageSize", out var ps) && (!int.TryParse(ps, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > 1000))
        {
            error = TwilioErrors.Invalid(ctx, "PageSize", ps!); return false;
        }
        if (q.TryGetValue("Page", out var p) && !int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out page))
        {
            error = TwilioErrors.Invalid(ctx, "Page", p!); return false;
        }
        if (q.TryGetValue("PageToken", out var t)) token = t.ToString();
        return true;
    }

    public static bool TryDate(string text, out DateTimeOffset value)
        => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    public static string Encode(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string s, out string value)
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

    public static string ExecutionToken(string prefix, Execution e)
        => prefix + Encode(e.DateCreated.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ":" + e.Sid);

    public static bool TryDecodeExecutionToken(string token, out (DateTimeOffset, string) key, out bool backward)
    {
        key = default;
        backward = token.StartsWith("PB", StringComparison.Ordinal);
        if (token.Length < 3 || !(backward || token.StartsWith("PA", StringComparison.Ordinal)) || !TryDecode(token[2..], out var raw)) return false;
        var parts = raw.Split(':');
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var secs) || !Sids.IsValid(parts[1], "FN")) return false;
        key = (DateTimeOffset.FromUnixTimeSeconds(secs), parts[1]);
        return true;
    }

    public static bool TryDecodeFlowToken(string token, out string? after)
    {
        after = null;
        if (token.Length < 3 || !token.StartsWith("PA", StringComparison.Ordinal) || !TryDecode(token[2..], out var sid) || !Sids.IsValid(sid, "FW")) return false;
        after = sid;
        return true;
    }
}
