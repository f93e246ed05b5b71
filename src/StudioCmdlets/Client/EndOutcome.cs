namespace StudioCmdlets.Client
{
    /// <summary>What ending an execution did.</summary>
    internal sealed class EndOutcome
    {
        public EndOutcome(StudioExecution execution, bool alreadyEnded)
        {
            Execution = execution;
            AlreadyEnded = alreadyEnded;
        }

        /// <summary>The execution as Studio now has it.</summary>
        public StudioExecution Execution { get; }
        /// <summary>It had ended before this request (by itself, or by someone else).</summary>
        public bool AlreadyEnded { get; }
    }
}
