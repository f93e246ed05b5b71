namespace StudioCmdlets.Commands
{
    /// <summary>
    /// The base of the cmdlets that keep several requests going at once: it owns -ThrottleLimit (the most requests in
    /// flight, which the adaptive limit may lower) and the progress bar. Get-StudioExecution lists on it directly; the
    /// cmdlets that make requests per piped item add the pump (<see cref="StudioBulkCmdlet"/>).
    /// </summary>
    public abstract class StudioThrottledCmdlet : StudioCmdlet
    {
        private ProgressReporter? _progress;

        /// <summary>-ThrottleLimit; described in each cmdlet's help (module/help).</summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        internal override int Throttle => ThrottleLimit;

        /// <summary>The progress bar of this command (<see cref="StartProgress"/>).</summary>
        internal ProgressReporter Progress => _progress ?? throw new InvalidOperationException("StartProgress first.");

        /// <summary>Opens this command's progress bar, titled <paramref name="activity"/>.</summary>
        internal ProgressReporter StartProgress(string activity) => _progress = new ProgressReporter(this, activity);

        /// <summary>Closes the progress bar, if it was opened.</summary>
        internal void CompleteProgress() => _progress?.Complete();
    }
}
