namespace StudioEmulator;

/// <summary>
/// What Studio refuses in a flow definition (error 81022, "Flow definition validation failed": names not unique,
/// a transition to a widget that does not exist, a definition that does not match the schema), and the FAQ's limit
/// of 2,000 widgets. Each failure carries a JSON pointer to where it is.
/// </summary>
internal static class FlowValidation
{
    public const int MaxWidgets = 2000;

    public static List<(string Message, string Path)> Problems(JsonObject definition)
    {
        var problems = new List<(string, string)>();
        if (definition["states"] is not JsonArray states) { problems.Add(("The definition has no states array.", "#/states")); return problems; }
        if (states.Count > MaxWidgets) problems.Add(($"A flow may have at most {MaxWidgets} widgets; this one has {states.Count}.", "#/states"));
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < states.Count; i++)
        {
            if (states[i] is not JsonObject s || s["name"]?.GetValueKind() != System.Text.Json.JsonValueKind.String || s["type"]?.GetValueKind() != System.Text.Json.JsonValueKind.String)
            {
                problems.Add(("A widget needs a name and a type.", $"#/states/{i}"));
                continue;
            }
            if (!names.Add((string)s["name"]!)) problems.Add(($"Widget names must be unique: '{s["name"]}' is used twice.", $"#/states/{i}/name"));
        }
        for (var i = 0; i < states.Count; i++)
        {
            if (states[i] is not JsonObject s || s["transitions"] is not JsonArray transitions) continue;
            for (var t = 0; t < transitions.Count; t++)
            {
                var next = transitions[t]?["next"];
                if (next is null) continue;
                if (next.GetValueKind() != System.Text.Json.JsonValueKind.String) { problems.Add(("A transition's next must be a widget name.", $"#/states/{i}/transitions/{t}/next")); continue; }
                var target = (string)next!;
                if (target.Length > 0 && !names.Contains(target))
                    problems.Add(($"Transition '{transitions[t]?["event"]}' of '{s["name"]}' leads to '{target}', which does not exist.", $"#/states/{i}/transitions/{t}/next"));
            }
        }
        var initial = definition["initial_state"];
        if (initial?.GetValueKind() != System.Text.Json.JsonValueKind.String) problems.Add(("The definition has no initial_state.", "#/initial_state"));
        else if (!names.Contains((string)initial!)) problems.Add(($"initial_state '{initial}' is no widget of the flow.", "#/initial_state"));
        if (!states.OfType<JsonObject>().Any(s => s["type"]?.GetValueKind() == System.Text.Json.JsonValueKind.String && (string)s["type"]! == "trigger"))
            problems.Add(("A flow needs a trigger widget.", "#/states"));
        if (definition["flags"] is JsonNode flags && flags is not JsonObject) problems.Add(("flags must be an object.", "#/flags"));
        return problems;
    }
}
