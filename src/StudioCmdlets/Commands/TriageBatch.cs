namespace StudioCmdlets.Commands
{
    /// <summary>
    /// What went wrong in one scope's triage (a flow that could not be listed, an execution that could not be read),
    /// reported on the pipeline thread when the scope is done; its executions themselves are streamed as classified.
    /// </summary>
    internal sealed class TriageBatch
    {
        private readonly List<(string Target, SidKind Kind, string Action, Exception Error)> _failures = new List<(string, SidKind, string, Exception)>();

        public void Fail(string target, SidKind kind, string action, Exception error)
        {
            lock (_failures) _failures.Add((target, kind, action, error));
        }

        public IReadOnlyList<(string Target, SidKind Kind, string Action, Exception Error)> Failures => _failures;
    }
}
