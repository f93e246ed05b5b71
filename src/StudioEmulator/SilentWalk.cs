namespace StudioEmulator;

/// <summary>
/// Moves an execution started through the API along its own revision as a contact who never answers would: a Send &amp;
/// Wait for Reply or a Gather times out when its timeout has passed on the emulator's clock, Set Variables sets (with
/// the Liquid of an attempt counter: {{flow.variables.x | plus: 1}}), Split Based On compares numbers, Send Message
/// sends; a transition with no widget ends the execution. Widgets that wait on something else (a Function, a call's
/// status, Flex) hold it, as they would in Studio. Studio's own limits end it too: the same widget 10 times in a row,
/// 1,000 steps. The scenario's executions keep the paths they were given.
/// </summary>
internal static class SilentWalk
{
    public const int SameWidgetInARow = 10, MaxSteps = 1000;

    /// <summary>Advances <paramref name="e"/> to <paramref name="now"/>; true when it ended.</summary>
    public static bool Advance(Execution e, JsonObject definition, DateTimeOffset now)
    {
        var states = (definition["states"] as JsonArray)?.OfType<JsonObject>().ToDictionary(s => (string)s["name"]!, StringComparer.Ordinal)
            ?? new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var path = e.Path.ToList();
        var changed = false;
        while (e.Status == ExecutionStatus.Active && path.Count < MaxSteps)
        {
            var last = path[^1];
            var at = e.DateCreated + last.After;
            if (last.To == "Ended" || !states.TryGetValue(last.To, out var widget)) { e.Status = ExecutionStatus.Ended; e.DateUpdated = at; changed = true; break; }
            if (RunsInARow(path, last.To) >= SameWidgetInARow) { path.Add(new StepTemplate("limit", last.To, "Ended", "end", last.After)); e.Status = ExecutionStatus.Ended; e.DateUpdated = at; changed = true; break; }
            var (evt, after) = Step(widget, e, at);
            if (evt is null || at + after > now) break; // waiting: on the contact until its timeout, or on something that never comes
            var next = Next(widget, evt, e);
            var to = string.IsNullOrEmpty(next) ? "Ended" : next!;
            var type = to == "Ended" ? "end" : (string?)states.GetValueOrDefault(to)?["type"] ?? "end";
            path.Add(new StepTemplate(evt, last.To, to, type, last.After + after));
            e.DateUpdated = at + after;
            changed = true;
        }
        if (path.Count >= MaxSteps && e.Status == ExecutionStatus.Active) e.Status = ExecutionStatus.Ended;
        if (changed) e.Path = path.ToArray();
        return e.Status != ExecutionStatus.Active;
    }

    private static int RunsInARow(List<StepTemplate> path, string widget)
    {
        var n = 0;
        for (var i = path.Count - 1; i >= 0 && path[i].To == widget; i--) n++;
        return n;
    }

    /// <summary>What a silent contact's execution does next on this widget, and how long after entering it; null event: it holds.</summary>
    private static (string? Event, TimeSpan After) Step(JsonObject widget, Execution e, DateTimeOffset at)
    {
        var props = widget["properties"] as JsonObject;
        switch ((string?)widget["type"])
        {
            case "send-and-wait-for-reply": return ("timeout", Seconds(props?["timeout"]) ?? TimeSpan.FromHours(1));
            case "gather-input-on-call": return ("timeout", Seconds(props?["timeout"]) ?? TimeSpan.FromSeconds(5));
            case "set-variables":
                foreach (var v in (props?["variables"] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
                    if ((string?)v["key"] is string key) e.Variables[key] = Liquid((string?)v["value"] ?? "", e);
                return ("next", TimeSpan.Zero);
            case "split-based-on": return ("split", TimeSpan.Zero);
            case "send-message": return ("sent", TimeSpan.Zero);
            case "trigger": return ("incomingRequest", TimeSpan.Zero);
            default: return (null, TimeSpan.Zero);
        }
    }

    private static string? Next(JsonObject widget, string evt, Execution e)
    {
        var transitions = (widget["transitions"] as JsonArray)?.OfType<JsonObject>().ToList() ?? new List<JsonObject>();
        if (evt == "split")
        {
            var input = Liquid((string?)widget["properties"]?["input"] ?? "", e);
            foreach (var t in transitions.Where(t => (string?)t["event"] == "match"))
                if ((t["conditions"] as JsonArray)?.OfType<JsonObject>().Any(c => Holds(c, input, e)) == true) return (string?)t["next"];
            return (string?)transitions.FirstOrDefault(t => (string?)t["event"] == "noMatch")?["next"];
        }
        return (string?)transitions.FirstOrDefault(t => (string?)t["event"] == evt)?["next"];
    }

    private static bool Holds(JsonObject condition, string input, Execution e)
    {
        var value = Liquid((string?)condition["value"] ?? "", e);
        var numbers = double.TryParse(input, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) & double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var b);
        return (string?)condition["type"] switch
        {
            "greater_than" => numbers && a > b,
            "less_than" => numbers && a < b,
            "equal_to" => numbers ? a == b : string.Equals(input, value, StringComparison.OrdinalIgnoreCase),
            "not_equal_to" => numbers ? a != b : !string.Equals(input, value, StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
    }

    /// <summary>The little Liquid a counter needs: {{flow.variables.x}}, with | plus: n; other text as it is.</summary>
    private static string Liquid(string template, Execution e)
    {
        var m = System.Text.RegularExpressions.Regex.Match(template.Trim(), @"^\{\{\s*flow\.variables\.([A-Za-z0-9_]+)\s*(\|\s*plus:\s*(-?\d+)\s*)?\}\}$");
        if (!m.Success) return template;
        var current = e.Variables.GetValueOrDefault(m.Groups[1].Value) ?? "";
        if (!m.Groups[2].Success) return current;
        var start = double.TryParse(current, NumberStyles.Float, CultureInfo.InvariantCulture, out var c) ? c : 0;
        return (start + int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
    }

    private static TimeSpan? Seconds(JsonNode? node)
    {
        if (node is null) return null;
        var text = node.GetValueKind() == JsonValueKind.String ? (string)node! : node.ToJsonString();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? TimeSpan.FromSeconds(s) : null;
    }
}
