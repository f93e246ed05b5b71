using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace StudioCmdlets.Audit
{
    /// <summary>
    /// Studio's own way to leave a loop after a few attempts, in its Liquid: a Set Variables widget on the loop that adds
    /// one to a flow variable ({{flow.variables.x | plus: 1}}), and a Split Based On on the loop whose match transition,
    /// on that variable (equal_to or greater_than a number), leads out of it. Such a loop runs a known number of turns.
    /// </summary>
    internal static class AttemptCounter
    {
        private static readonly Regex Increment = new Regex(@"^\{\{\s*flow\.variables\.([A-Za-z0-9_]+)\s*\|\s*plus:\s*1\s*\}\}$", RegexOptions.CultureInvariant);
        private static readonly Regex Variable = new Regex(@"^\{\{\s*flow\.variables\.([A-Za-z0-9_]+)\s*\}\}$", RegexOptions.CultureInvariant);

        /// <summary>How many turns the counter allows, or null when the loop has none.</summary>
        public static int? Turns(FlowGraph graph, IReadOnlyList<string> cycle, ISet<string> within)
        {
            var counted = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in cycle)
            {
                var w = graph.Widgets[name];
                if (w.Type != StudioCatalogue.SetVariables || w.Properties.ValueKind != JsonValueKind.Object || !w.Properties.TryGetProperty("variables", out var vars) || vars.ValueKind != JsonValueKind.Array) continue;
                foreach (var v in vars.EnumerateArray())
                    if (Text(v, "key") is string key && Text(v, "value") is string value && Increment.Match(value.Trim()) is { Success: true } m && m.Groups[1].Value == key)
                        counted.Add(key);
            }
            if (counted.Count == 0) return null;
            foreach (var name in cycle)
            {
                var w = graph.Widgets[name];
                if (w.Type != StudioCatalogue.SplitBasedOn || !w.Properties.TryGetProperty("input", out var inputProp) || inputProp.ValueKind != JsonValueKind.String) continue;
                var input = Variable.Match(inputProp.GetString()!.Trim());
                if (!input.Success || !counted.Contains(input.Groups[1].Value)) continue;
                foreach (var exit in Exits(w, within))
                {
                    if (!double.TryParse(Text(exit, "value"), NumberStyles.Float, CultureInfo.InvariantCulture, out var limit) || limit < 1) continue;
                    switch (Text(exit, "type"))
                    {
                        case "equal_to": return (int)limit;
                        case "greater_than": return (int)limit + 1;
                    }
                }
            }
            return null;
        }

        /// <summary>The conditions of a split's match transitions that lead out of the loop (or end the execution).</summary>
        private static IEnumerable<JsonElement> Exits(Widget split, ISet<string> within)
        {
            foreach (var (evt, next) in split.Transitions)
            {
                if (evt != "match" || within.Contains(next)) continue;
                foreach (var c in split.Conditions(next)) yield return c;
            }
        }

        private static string? Text(JsonElement e, string name)
            => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}
