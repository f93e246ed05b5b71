namespace StudioCmdlets.Model
{
    /// <summary>An execution's context (or a step's): the trigger, the contact, flow data and widget results.</summary>
    public sealed class StudioExecutionContext
    {
        /// <summary>The flow SID (FW...).</summary>
        public string FlowSid { get; internal set; } = "";
        /// <summary>The execution SID (FN...).</summary>
        public string ExecutionSid { get; internal set; } = "";
        /// <summary>The step SID (FT...) when this is a step's context; otherwise empty.</summary>
        public string? StepSid { get; internal set; }
        /// <summary>The context, as nested objects: <c>$c.Context.trigger.message.Body</c>.</summary>
        public object? Context => ContextText.Value;
        /// <summary>The context as Studio's JSON text (Stop-StudioExecution -ContextPath saves it); <see cref="Context"/> is made from it.</summary>
        internal JsonText ContextText { get; set; } = JsonText.None;
        /// <summary>The account the execution belongs to.</summary>
        public string? AccountSid { get; internal set; }
        /// <summary>The context's REST URL.</summary>
        public Uri? Url { get; internal set; }
    }
}
