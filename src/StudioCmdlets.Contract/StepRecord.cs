namespace StudioCmdlets.Contract
{
    /// <summary>A step of an execution as Twilio answers it (Studio v2's ExecutionStep resource), field by field.</summary>
    public sealed class StepRecord
    {
        /// <summary>sid (FT...).</summary>
        public string Sid { get; init; } = "";
        /// <summary>execution_sid.</summary>
        public string ExecutionSid { get; init; } = "";
        /// <summary>flow_sid.</summary>
        public string FlowSid { get; init; } = "";
        /// <summary>name.</summary>
        public string? Name { get; init; }
        /// <summary>type: the type of the widget the step left (transitioned_from).</summary>
        public string? Type { get; init; }
        /// <summary>transitioned_from.</summary>
        public string? TransitionedFrom { get; init; }
        /// <summary>transitioned_to.</summary>
        public string? TransitionedTo { get; init; }
        /// <summary>date_created (UTC).</summary>
        public DateTimeOffset DateCreated { get; init; }
        /// <summary>parent_step_sid.</summary>
        public string? ParentStepSid { get; init; }
        /// <summary>url.</summary>
        public Uri? Url { get; init; }
    }
}
