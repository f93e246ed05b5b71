namespace StudioCmdlets.Client
{
    /// <summary>What ending an execution did, in the module's types (the contract's <see cref="EndRecord"/>).</summary>
    /// <param name="Execution">The execution as Studio now has it.</param>
    /// <param name="AlreadyEnded">It had ended before this request (by itself, or by someone else).</param>
    internal sealed record EndOutcome(StudioExecution Execution, bool AlreadyEnded);
}
