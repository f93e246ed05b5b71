namespace StudioEmulator;

/// <summary>What requests carry: form fields, JSON objects in them, dates, and the required ones.</summary>
internal static class FormInput
{
    public static bool TryObject(string? json, out JsonObject? value)
    {
        value = null;
        try { value = JsonNode.Parse(json ?? "") as JsonObject; }
        catch (JsonException) { }
        return value is not null;
    }

    public static async Task<Dictionary<string, string?>> Form(HttpContext ctx)
    {
        var d = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (!ctx.Request.HasFormContentType) return d;
        var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
        foreach (var (k, v) in form) d[k] = v.ToString();
        return d;
    }

    public static bool Required(HttpContext ctx, Dictionary<string, string?> form, out Task? error, params string[] names)
    {
        foreach (var n in names)
        {
            if (!form.TryGetValue(n, out var v) || string.IsNullOrEmpty(v))
            {
                error = TwilioErrors.Missing(ctx, n);
                return false;
            }
        }
        error = null;
        return true;
    }
}
