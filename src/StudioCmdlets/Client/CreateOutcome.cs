namespace StudioCmdlets.Client
{
    /// <summary>What starting an execution did, in the module's types (the contract's <see cref="CreateRecord"/>).</summary>
    /// <param name="Execution">The execution started.</param>
    /// <param name="LostAnswer">When Studio's answer was lost and the execution was found by looking it up: what happened.</param>
    internal sealed record CreateOutcome(StudioExecution Execution, string? LostAnswer);
}
