namespace StudioCmdlets.Contract
{
    /// <summary>An execution's or a step's context as Twilio answers it, the context itself left as Studio's JSON text.</summary>
    public sealed class ContextRecord
    {
        /// <summary>flow_sid; the asked flow when the answer has none.</summary>
        public string FlowSid { get; init; } = "";
        /// <summary>execution_sid; the asked execution when the answer has none.</summary>
        public string ExecutionSid { get; init; } = "";
        /// <summary>step_sid: the asked step, or null for the execution's context.</summary>
        public string? StepSid { get; init; }
        /// <summary>account_sid.</summary>
        public string? AccountSid { get; init; }
        /// <summary>context, as JSON text; null when the answer has none.</summary>
        public string? Context { get; init; }
        /// <summary>url.</summary>
        public Uri? Url { get; init; }
    }
}
