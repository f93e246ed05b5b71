namespace StudioCmdlets.Client
{
    /// <summary>What starting an execution did.</summary>
    internal sealed class CreateOutcome
    {
        public CreateOutcome(StudioExecution execution, string? lostAnswer)
        {
            Execution = execution;
            LostAnswer = lostAnswer;
        }

        public StudioExecution Execution { get; }
        /// <summary>When Studio's answer was lost and the execution was found by looking it up: what happened.</summary>
        public string? LostAnswer { get; }
    }
}
