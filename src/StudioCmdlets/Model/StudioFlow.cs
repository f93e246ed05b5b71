namespace StudioCmdlets.Model
{
    /// <summary>A Studio flow.</summary>
    public sealed class StudioFlow
    {
        /// <summary>The flow SID (FW...).</summary>
        public string Sid { get; internal set; } = "";
        /// <summary>The flow SID again, named so that piping flows to Get-StudioExecution binds it.</summary>
        public string FlowSid => Sid;
        /// <summary>The flow's name in the Studio canvas.</summary>
        public string FriendlyName { get; internal set; } = "";
        /// <summary>draft or published.</summary>
        public string Status { get; internal set; } = "";
        /// <summary>The latest revision of the flow's definition.</summary>
        public int Revision { get; internal set; }
        /// <summary>Whether Studio found the definition valid (known when the flow was fetched by SID or with -IncludeDefinition).</summary>
        public bool? Valid { get; internal set; }
        /// <summary>The message of the latest revision.</summary>
        public string? CommitMessage { get; internal set; }
        /// <summary>When the flow was created (UTC).</summary>
        public DateTimeOffset? DateCreated { get; internal set; }
        /// <summary>When the flow was last changed (UTC).</summary>
        public DateTimeOffset? DateUpdated { get; internal set; }
        /// <summary>The flow's definition (states, transitions, flags), when fetched.</summary>
        public object? Definition => DefinitionText.Value;
        /// <summary>The definition as Studio's JSON text (the auditor reads it); <see cref="Definition"/> is made from it.</summary>
        internal JsonText DefinitionText { get; set; } = JsonText.None;

        /// <summary>The account the flow belongs to.</summary>
        public string? AccountSid { get; internal set; }
        /// <summary>The flow's REST URL.</summary>
        public Uri? Url { get; internal set; }

        /// <inheritdoc />
        public override string ToString() => $"{FriendlyName} ({Sid})";
    }
}
