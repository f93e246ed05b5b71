using System.Text.Json;

namespace StudioCmdlets.Audit
{
    /// <summary>A widget of a flow definition, with how long it can hold a contact.</summary>
    internal sealed class Widget
    {
        public Widget(string name, string type, TimeSpan? wait, IReadOnlyList<(string Event, string Next)> transitions, JsonElement properties)
        {
            Name = name;
            Type = type;
            Wait = wait;
            Transitions = transitions;
            Properties = properties;
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
        public bool WaitsOnMessage => Type == "send-and-wait-for-reply";
    }
}
