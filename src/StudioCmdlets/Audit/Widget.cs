using System.Text.Json;

namespace StudioCmdlets.Audit
{
    /// <summary>A widget of a flow definition, with how long it can hold a contact.</summary>
    internal sealed class Widget
    {
        public Widget(string name, string type, TimeSpan? wait, IReadOnlyList<(string Event, string Next)> transitions, JsonElement properties, JsonElement rawTransitions = default)
        {
            Name = name;
            Type = type;
            Wait = wait;
            Transitions = transitions;
            Properties = properties;
            _rawTransitions = rawTransitions;
        }

        private readonly JsonElement _rawTransitions;

        /// <summary>The conditions of the match transitions that lead to <paramref name="next"/> (a Split Based On's).</summary>
        public IEnumerable<JsonElement> Conditions(string next)
        {
            if (_rawTransitions.ValueKind != JsonValueKind.Array) yield break;
            foreach (var t in _rawTransitions.EnumerateArray())
            {
                if (t.ValueKind != JsonValueKind.Object) continue;
                // A transition without a next ends the execution: it leads to "".
                var to = t.TryGetProperty("next", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : "";
                if (to != next) continue;
                if (!t.TryGetProperty("conditions", out var cs) || cs.ValueKind != JsonValueKind.Array) continue;
                foreach (var c in cs.EnumerateArray()) yield return c;
            }
        }

        public string Name { get; }
        public string Type { get; }
        /// <summary>How long the widget waits for the contact before its timeout; null when it does not wait.</summary>
        public TimeSpan? Wait { get; }
        public IReadOnlyList<(string Event, string Next)> Transitions { get; }
        public JsonElement Properties { get; }
        public bool Waits => Wait is not null;
        /// <summary>
        /// A wait that outlives the conversation: Send &amp; Wait for Reply holds the execution after the customer
        /// has gone, while a call's Gather ends when the caller hangs up. Only these strand a contact in a loop.
        /// </summary>
        public bool WaitsOnMessage => StudioCatalogue.WaitsOnMessage(Type);
    }
}
