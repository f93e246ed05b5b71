using System.Text.Json;

namespace StudioCmdlets.Model
{
    /// <summary>
    /// Studio's JSON (a flow definition, an execution context) as plain PowerShell objects, so it can be walked
    /// with dots (<c>$c.Context.trigger.message.Body</c>) and exported with ConvertTo-Json or Export-Clixml. The
    /// engine hands JSON text over; this is the only place it becomes PowerShell objects.
    /// </summary>
    internal static class PSJson
    {
        public static object? Parse(string? json)
        {
            if (string.IsNullOrEmpty(json)) return null;
            using (var doc = JsonDocument.Parse(json!)) return ToPowerShell(doc.RootElement);
        }

        public static object? ToPowerShell(JsonElement value)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Object:
                    var ps = new PSObject();
                    foreach (var p in value.EnumerateObject()) ps.Properties.Add(new PSNoteProperty(p.Name, ToPowerShell(p.Value)));
                    return ps;
                case JsonValueKind.Array:
                    var items = new List<object?>(value.GetArrayLength());
                    foreach (var item in value.EnumerateArray()) items.Add(ToPowerShell(item));
                    return items.ToArray();
                case JsonValueKind.String:
                    // Some Twilio resources hand back JSON as a string.
                    var s = value.GetString()!;
                    var t = s.TrimStart();
                    if (t.StartsWith("{") || t.StartsWith("["))
                    {
                        try { return Parse(s); }
                        catch (JsonException) { return s; }
                    }
                    return s;
                case JsonValueKind.Number: return value.TryGetInt64(out var l) ? (object)l : value.GetDouble();
                case JsonValueKind.True: return true;
                case JsonValueKind.False: return false;
                default: return null;
            }
        }

        /// <summary>JSON text indented for people (a saved context).</summary>
        public static string Indented(string? json)
        {
            if (string.IsNullOrEmpty(json)) return "null";
            using (var doc = JsonDocument.Parse(json!))
            using (var buffer = new System.IO.MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                    doc.WriteTo(writer);
                return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
            }
        }
    }
}
