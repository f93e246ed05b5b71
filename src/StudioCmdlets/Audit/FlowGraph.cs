using System.Globalization;
using System.Text.Json;

namespace StudioCmdlets.Audit
{
    /// <summary>
    /// A Studio flow definition (the canvas export: states, transitions, properties, initial_state, flags)
    /// as a graph of widgets.
    /// </summary>
    internal sealed class FlowGraph
    {
        private readonly bool _silent;

        private FlowGraph(Dictionary<string, Widget> widgets, string initial, bool? allowConcurrentCalls, bool silent = false)
        {
            Widgets = widgets;
            Initial = initial;
            AllowConcurrentCalls = allowConcurrentCalls;
            _silent = silent;
        }

        /// <summary>
        /// The flow as it runs once the contact has gone silent: from a wait only what happens without the contact
        /// (the timeout and delivery-failure transitions), never a reply transition; other widgets move on by
        /// themselves. What holds a contact, and for how long, is read from this view.
        /// </summary>
        public FlowGraph WhenSilent() => new FlowGraph((Dictionary<string, Widget>)Widgets, Initial, AllowConcurrentCalls, silent: true);

        public IReadOnlyDictionary<string, Widget> Widgets { get; }
        public string Initial { get; }
        /// <summary>flags.allow_concurrent_calls; null when the flag is missing (flows made before October 2018).</summary>
        public bool? AllowConcurrentCalls { get; }

        /// <summary>True when the trigger starts the flow for incoming calls.</summary>
        public bool HandlesCalls => Widgets.TryGetValue(Initial, out var t) && t.Transitions.Any(x => x.Event == "incomingCall" && x.Next.Length > 0);

        /// <summary>Parses a definition; accepts a Flow resource too (its "definition" is used).</summary>
        public static FlowGraph Parse(string json)
        {
            using (var doc = JsonDocument.Parse(json))
            {
                var root = doc.RootElement;
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("definition", out var inner) && inner.ValueKind == JsonValueKind.Object)
                    root = inner;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("states", out var states) || states.ValueKind != JsonValueKind.Array)
                    throw new FormatException("A flow definition needs a 'states' array (export it from the Studio canvas, or fetch it with Get-StudioFlow).");

                var widgets = new Dictionary<string, Widget>(StringComparer.Ordinal);
                foreach (var s in states.EnumerateArray())
                {
                    var name = Text(s, "name") ?? throw new FormatException("A state has no name.");
                    var type = Text(s, "type") ?? "";
                    var props = s.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p.Clone() : default;
                    var transitions = new List<(string, string)>();
                    var raw = default(JsonElement);
                    if (s.TryGetProperty("transitions", out var ts) && ts.ValueKind == JsonValueKind.Array)
                    {
                        raw = ts.Clone();
                        foreach (var t in ts.EnumerateArray()) transitions.Add((Text(t, "event") ?? "", Text(t, "next") ?? ""));
                    }
                    widgets[name] = new Widget(name, type, WaitOf(type, props), transitions, props, raw);
                }
                var initial = Text(root, "initial_state") ?? "Trigger";
                bool? concurrent = null;
                if (root.TryGetProperty("flags", out var flags) && flags.ValueKind == JsonValueKind.Object && flags.TryGetProperty("allow_concurrent_calls", out var c)
                    && (c.ValueKind == JsonValueKind.True || c.ValueKind == JsonValueKind.False))
                    concurrent = c.GetBoolean();
                return new FlowGraph(widgets, initial, concurrent);
            }
        }

        private static TimeSpan? WaitOf(string type, JsonElement props)
        {
            if (!StudioCatalogue.WaitsForContact(type)) return null;
            return Seconds(props, "timeout") ?? StudioCatalogue.DefaultTimeout(type);
        }

        private static TimeSpan? Seconds(JsonElement props, string name)
        {
            if (props.ValueKind != JsonValueKind.Object || !props.TryGetProperty(name, out var v)) return null;
            if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var n)) return TimeSpan.FromSeconds(n);
            if (v.ValueKind == JsonValueKind.String && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s)) return TimeSpan.FromSeconds(s);
            return null;
        }

        private static string? Text(JsonElement e, string name)
            => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        /// <summary>The widgets a widget leads to (connected transitions to widgets that exist).</summary>
        public IEnumerable<string> Next(string widget) => Edges(widget).Select(t => t.Next).Distinct();

        /// <summary>The connected transitions of a widget, with their events (in the silent view, no reply transitions).</summary>
        public IEnumerable<(string Event, string Next)> Edges(string widget)
            => Widgets.TryGetValue(widget, out var w)
                ? w.Transitions.Where(t => Widgets.ContainsKey(t.Next) && !(_silent && w.Waits && StudioCatalogue.IsReply(t.Event)))
                : Enumerable.Empty<(string, string)>();

        /// <summary>
        /// How long a silent contact spends on <paramref name="widget"/> before it leaves by <paramref name="evt"/>: a
        /// wait's timeout after the whole wait; anything else (a failed delivery, a widget that moves on) at once.
        /// </summary>
        public TimeSpan Cost(string widget, string evt)
            => evt == "timeout" && Widgets.TryGetValue(widget, out var w) && w.Wait is TimeSpan wait ? wait : TimeSpan.Zero;

        /// <summary>Widgets reachable from the trigger.</summary>
        public HashSet<string> Reachable()
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var stack = new Stack<string>();
            if (Widgets.ContainsKey(Initial)) stack.Push(Initial);
            while (stack.Count > 0)
            {
                var w = stack.Pop();
                if (!seen.Add(w)) continue;
                foreach (var n in Next(w)) stack.Push(n);
            }
            return seen;
        }

        /// <summary>Strongly connected components (Tarjan), each a list of widget names.</summary>
        public List<List<string>> Components()
        {
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            var low = new Dictionary<string, int>(StringComparer.Ordinal);
            var onStack = new HashSet<string>(StringComparer.Ordinal);
            var stack = new Stack<string>();
            var result = new List<List<string>>();
            var counter = 0;

            void Visit(string v)
            {
                index[v] = low[v] = counter++;
                stack.Push(v);
                onStack.Add(v);
                foreach (var w in Next(v))
                {
                    if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                    else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
                }
                if (low[v] != index[v]) return;
                var component = new List<string>();
                string x;
                do { x = stack.Pop(); onStack.Remove(x); component.Add(x); } while (x != v);
                result.Add(component);
            }

            foreach (var w in Widgets.Keys.OrderBy(k => k, StringComparer.Ordinal)) if (!index.ContainsKey(w)) Visit(w);
            return result;
        }

        /// <summary>True when the component is a loop (more than one widget, or one that leads to itself).</summary>
        public bool IsLoop(List<string> component)
            => component.Count > 1 || Next(component[0]).Contains(component[0]);
    }
}
