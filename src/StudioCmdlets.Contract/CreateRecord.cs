namespace StudioCmdlets.Contract
{
    /// <summary>What starting an execution did.</summary>
    /// <param name="Execution">The execution started.</param>
    /// <param name="LostAnswer">When Studio's answer was lost and the execution was found by looking it up: what happened.</param>
    public sealed record CreateRecord(ExecutionRecord Execution, string? LostAnswer);
}
