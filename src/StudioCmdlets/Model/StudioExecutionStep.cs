namespace StudioCmdlets.Model
{
    /// <summary>One transition of an execution: the event <see cref="Name"/> moved it from one widget to the next.</summary>
    public sealed class StudioExecutionStep
    {
        /// <summary>The step SID (FT...).</summary>
        public string Sid { get; internal set; } = "";
        /// <summary>The step SID again, named so that piping a step to Get-StudioExecutionContext gets the step's context.</summary>
        public string StepSid => Sid;
        /// <summary>The execution SID (FN...).</summary>
        public string ExecutionSid { get; internal set; } = "";
        /// <summary>The flow SID (FW...).</summary>
        public string FlowSid { get; internal set; } = "";
        /// <summary>The account the execution belongs to.</summary>
        public string? AccountSid { get; internal set; }
        /// <summary>The flow's name, when known.</summary>
        public string? FlowName { get; internal set; }
        /// <summary>The event that caused the transition (incomingMessage, timeout, ...).</summary>
        public string? Name { get; internal set; }
        /// <summary>
        /// The type of the widget the step entered, <see cref="TransitionedTo"/> (send-and-wait-for-reply, ...): Twilio's
        /// type of the next step, or, on the latest step, the type in the definition of the revision the execution runs.
        /// </summary>
        public string? WidgetType { get; internal set; }
        /// <summary>The widget the execution left.</summary>
        public string? TransitionedFrom { get; internal set; }
        /// <summary>Twilio's own <c>type</c> of the step: the type of the widget it left, <see cref="TransitionedFrom"/> (trigger, ...).</summary>
        public string? TransitionedFromType { get; internal set; }
        /// <summary>The widget the execution entered.</summary>
        public string? TransitionedTo { get; internal set; }
        /// <summary>When the transition happened (UTC).</summary>
        public DateTimeOffset DateCreated { get; internal set; }
        /// <summary>How long ago the transition happened: on the latest step, how long the execution has sat on its widget.</summary>
        public TimeSpan Age => Durations.Since(DateCreated);
        /// <summary>True on the execution's most recent step: its <see cref="TransitionedTo"/> is where the execution sits.</summary>
        public bool IsLatest { get; internal set; }
        /// <summary>The parent step, for subflows.</summary>
        public string? ParentStepSid { get; internal set; }
        /// <summary>The step's REST URL.</summary>
        public Uri? Url { get; internal set; }

        /// <inheritdoc />
        public override string ToString() => $"{TransitionedFrom} -> {TransitionedTo}";
    }
}
