namespace StudioCmdlets.Contract
{
    /// <summary>What ending an execution did.</summary>
    /// <param name="Execution">The execution as Studio now has it.</param>
    /// <param name="AlreadyEnded">It had ended before this request (by itself, or by someone else).</param>
    public sealed record EndRecord(ExecutionRecord Execution, bool AlreadyEnded);
}
