namespace StudioCmdlets.Model
{
    /// <summary>An execution's status, as Studio reports it.</summary>
    public enum StudioExecutionStatus
    {
        /// <summary>Still running or waiting: it blocks new executions for its contact.</summary>
        Active,
        /// <summary>Finished, ended by a widget, a timeout, or an admin.</summary>
        Ended,
    }
}
