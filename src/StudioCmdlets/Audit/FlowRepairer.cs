using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StudioCmdlets.Audit
{
    /// <summary>
    /// Repairs a flow definition so that it no longer strands a silent contact, changing nothing else: the JSON tree is
    /// edited in place, so every widget, name, message and offset it does not touch stays equal. In order: voice flows
    /// get flags.allow_concurrent_calls; waits longer than MaxWait are lowered to it; each loop re-entered by a timeout
    /// gets an attempt counter in Studio's own widgets and Liquid (Set Variables, Split Based On) that leaves it after
    /// MaxAttempts, to the end or a widget named; last, while the worst case a silent contact can be held (the rule
    /// Test-StudioFlow and the triage use) is longer than MaxWait, the waits on it are shortened in proportion.
    /// </summary>
    internal sealed class FlowRepairer
    {
        private static readonly TimeSpan ShortestTimeout = TimeSpan.FromSeconds(60);
        private readonly TimeSpan _maxWait;
        private readonly int _maxAttempts;
        private readonly string? _exitTo;
        private readonly JsonNode _root;
        private readonly JsonObject _definition;
        private readonly JsonArray _states;
        private readonly List<StudioFlowChange> _changes = new List<StudioFlowChange>();

        private FlowRepairer(string json, TimeSpan maxWait, int maxAttempts, string? exitTo)
        {
            _maxWait = maxWait;
            _maxAttempts = maxAttempts;
            _exitTo = exitTo;
            _root = JsonNode.Parse(json) ?? throw new FormatException("The definition is empty.");
            // A Flow resource (Get-StudioFlow's JSON) carries the definition inside; a Console export is the definition.
            _definition = (_root["definition"] as JsonObject) ?? (_root as JsonObject) ?? throw new FormatException("A flow definition is a JSON object.");
            _states = _definition["states"] as JsonArray
                ?? throw new FormatException("A flow definition needs a 'states' array (export it from the Studio canvas, or fetch it with Get-StudioFlow).");
            if (exitTo is not null && State(exitTo) is null) throw new ArgumentException($"-ExitTo '{exitTo}' is no widget of this flow.");
        }

        /// <summary>The repaired definition (the whole document, a Flow resource's wrapper kept), and each change made.</summary>
        public static (JsonNode Repaired, IReadOnlyList<StudioFlowChange> Changes) Repair(string json, TimeSpan maxWait, int maxAttempts, string? exitTo)
        {
            var r = new FlowRepairer(json, maxWait, maxAttempts, exitTo);
            r.AllowConcurrentCalls();
            r.CapWaits();
            for (var i = 0; i < 20 && r.CountOneLoop(); i++) { }
            for (var i = 0; i < 10 && r.ShortenWorstCase(); i++) { }
            return (r._root, r._changes);
        }

        /// <summary>The definition alone, as Twilio takes it (compact), or as a file (indented); characters as written.</summary>
        public static string Text(JsonNode node, bool indented)
        {
            var inner = node["definition"] as JsonObject ?? node;
            return (indented ? node : inner).ToJsonString(new JsonSerializerOptions { WriteIndented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        }

        private FlowGraph Graph() => FlowGraph.Parse(_definition.ToJsonString());

        private JsonObject? State(string name)
            => _states.OfType<JsonObject>().FirstOrDefault(s => s["name"] is JsonValue v && v.TryGetValue<string>(out var n) && n == name);

        private void AllowConcurrentCalls()
        {
            var graph = Graph();
            if (!graph.HandlesCalls || graph.AllowConcurrentCalls == true) return;
            var flags = _definition["flags"] as JsonObject;
            if (flags is null) _definition["flags"] = flags = new JsonObject();
            var before = flags["allow_concurrent_calls"]?.ToJsonString() ?? "(none)";
            flags["allow_concurrent_calls"] = true;
            Record("flags", "allow_concurrent_calls", before, "true", "NoConcurrentCalls");
        }

        private void CapWaits()
        {
            foreach (var w in Graph().Widgets.Values.Where(w => w.Waits && w.Wait > _maxWait).OrderBy(w => w.Name, StringComparer.Ordinal))
                SetTimeout(w.Name, _maxWait, "LongWait");
        }

        /// <summary>Puts an attempt counter on one loop re-entered by a timeout; false when none is left.</summary>
        private bool CountOneLoop()
        {
            var graph = Graph();
            var loop = new SilentHold(graph).Loops(graph.Reachable()).FirstOrDefault(l => l.Holds && !l.Counted);
            if (loop is null) return false;
            var (waiting, reentered) = (loop.First.Name, loop.Cycle[1]);
            var counter = Unique(waiting + "_attempts");
            var check = Unique(waiting + "_attempts_check");
            var timeout = (State(waiting)!["transitions"] as JsonArray)!.OfType<JsonObject>()
                .First(t => (string?)t["event"] == "timeout" && (string?)t["next"] == reentered);
            timeout["next"] = counter;
            var (x, y) = Offset(State(waiting)!);
            var variable = "{{flow.variables." + counter + "}}";
            _states.Add(new JsonObject
            {
                ["name"] = counter, ["type"] = StudioCatalogue.SetVariables,
                ["transitions"] = new JsonArray(new JsonObject { ["next"] = check, ["event"] = "next" }),
                ["properties"] = new JsonObject
                {
                    ["variables"] = new JsonArray(new JsonObject { ["value"] = "{{flow.variables." + counter + " | plus: 1}}", ["key"] = counter }),
                    ["offset"] = new JsonObject { ["x"] = x + 260, ["y"] = y + 160 },
                },
            });
            var leave = new JsonObject { ["event"] = "match" };
            if (_exitTo is not null) leave["next"] = _exitTo;
            leave["conditions"] = new JsonArray(new JsonObject
            {
                ["friendly_name"] = $"After {_maxAttempts} attempts", ["arguments"] = new JsonArray(variable), ["type"] = "equal_to",
                ["value"] = _maxAttempts.ToString(CultureInfo.InvariantCulture),
            });
            _states.Add(new JsonObject
            {
                ["name"] = check, ["type"] = StudioCatalogue.SplitBasedOn,
                ["transitions"] = new JsonArray(new JsonObject { ["next"] = reentered, ["event"] = "noMatch" }, leave),
                ["properties"] = new JsonObject { ["input"] = variable, ["offset"] = new JsonObject { ["x"] = x + 260, ["y"] = y + 340 } },
            });
            Record(waiting, "transitions.timeout.next", reentered, counter, "WaitInLoop");
            Record(counter, "(new widget)", "", $"{StudioCatalogue.SetVariables}: {counter} + 1", "WaitInLoop");
            Record(check, "(new widget)", "", $"{StudioCatalogue.SplitBasedOn}: after {_maxAttempts} attempts to {_exitTo ?? "the end"}, else {reentered}", "WaitInLoop");
            return true;
        }

        /// <summary>Shortens the waits on the worst case in proportion, when it is longer than MaxWait; false when it is not.</summary>
        private bool ShortenWorstCase()
        {
            var graph = Graph();
            var hold = new SilentHold(graph);
            var reachable = graph.Reachable();
            var (worst, _, _) = hold.Worst(reachable);
            if (worst <= _maxWait) return false;
            var factor = _maxWait.TotalSeconds / worst.TotalSeconds;
            var changed = false;
            foreach (var name in hold.WorstWaits(reachable))
            {
                var now = graph.Widgets[name].Wait!.Value;
                var shorter = TimeSpan.FromSeconds(Math.Max(ShortestTimeout.TotalSeconds, Math.Floor(now.TotalSeconds * factor)));
                if (shorter >= now) continue;
                SetTimeout(name, shorter, "ChainOfWaits");
                changed = true;
            }
            return changed;
        }

        private void SetTimeout(string widget, TimeSpan to, string rule)
        {
            var state = State(widget)!;
            var props = state["properties"] as JsonObject;
            if (props is null) state["properties"] = props = new JsonObject();
            var old = props["timeout"];
            var seconds = ((long)to.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            var before = old is null ? "(default)" : old.GetValueKind() == JsonValueKind.String ? old.GetValue<string>() : old.ToJsonString();
            // As the canvas writes it: the timeout stays a string where it was one (or was missing), a number where it was a number.
            props["timeout"] = old is not null && old.GetValueKind() == JsonValueKind.Number ? JsonValue.Create((long)to.TotalSeconds) : JsonValue.Create(seconds);
            Record(widget, "timeout", before, seconds, rule);
        }

        private void Record(string widget, string property, string before, string after, string rule)
        {
            var earlier = _changes.FirstOrDefault(c => c.Widget == widget && c.Property == property);
            if (earlier is null) { _changes.Add(new StudioFlowChange { Widget = widget, Property = property, Before = before, After = after, Rule = rule }); return; }
            earlier.After = after; // one change per property: from what it was to what it is
            if (!earlier.Rule.Split(new[] { ", " }, StringSplitOptions.None).Contains(rule)) earlier.Rule += ", " + rule;
        }

        private string Unique(string name)
        {
            var candidate = name;
            for (var i = 2; State(candidate) is not null; i++) candidate = name + "_" + i.ToString(CultureInfo.InvariantCulture);
            return candidate;
        }

        private static (double X, double Y) Offset(JsonObject state)
        {
            var offset = state["properties"]?["offset"];
            double Coordinate(string axis) => offset?[axis] is JsonValue v && v.TryGetValue<double>(out var d) ? d : 0;
            return (Coordinate("x"), Coordinate("y"));
        }
    }
}
