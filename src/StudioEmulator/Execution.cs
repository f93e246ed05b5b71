namespace StudioEmulator;

/// <summary>
/// One transition of an execution: the event <see cref="Name"/> moved it from one widget to the next, of type
/// <see cref="ToType"/>. The step resource's own <c>type</c> is the widget it left (<see cref="Resources.StepType"/>).
/// </summary>
internal sealed record StepTemplate(string Name, string From, string To, string ToType, TimeSpan After);

/// <summary>An execution. Steps and context are derived from <see cref="Path"/> so 100,000 executions stay small.</summary>
internal sealed class Execution
{
    public required string Sid { get; init; }
    public required string FlowSid { get; init; }
    public required string ContactAddress { get; init; }
    /// <summary>The flow's address the execution talks from (Studio keys its one-active rule on To and From).</summary>
    public string From { get; init; } = "";
    public required string ContactSid { get; init; }
    public int FlowVersion { get; init; } = 1;
    public ExecutionStatus Status { get; set; } = ExecutionStatus.Active;
    public DateTimeOffset DateCreated { get; init; }
    public DateTimeOffset DateUpdated { get; set; }
    public required string InitiatedBy { get; init; }
    public required StepTemplate[] Path { get; set; }
    /// <summary>Started through the API: it moves along its revision as the clock passes (<see cref="SilentWalk"/>).</summary>
    public bool Walks { get; init; }
    /// <summary>flow.variables, as Set Variables widgets leave them.</summary>
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);
    public string TriggerBody { get; init; } = "";
    public JsonObject? Parameters { get; init; }
    /// <summary>
    /// For the scenario's active executions, what a person who knows the whole story would call it: stranded
    /// (no release soon, the contact is blocked), waiting (Studio releases it by itself within the hour) or live
    /// (a conversation or call that is going on). Ground truth for triage tests; never sent on /v2.
    /// </summary>
    public string? Truth { get; init; }

    public (DateTimeOffset Created, string Sid) Key => (DateCreated, Sid);

    /// <summary>What Studio's one-active-execution rule is keyed on: the flow and the To/From combination.</summary>
    public (string Flow, string To, string From) ContactKey => (FlowSid, ContactAddress, From);
}
