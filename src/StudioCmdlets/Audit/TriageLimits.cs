namespace StudioCmdlets.Audit
{
    /// <summary>
    /// What triage measures against. Threshold: a release by Studio within it is Waiting. LiveWindow: a move by the
    /// contact within it is Live. CallTimeLimit: no call lasts longer (Twilio ends every call at its time limit,
    /// <see cref="StudioCatalogue.DefaultCallTimeLimit"/>), so an execution held on a call widget for longer has nobody on the line. Grace: how late Studio may be in releasing a wait before triage concludes
    /// it never will.
    /// </summary>
    internal sealed class TriageLimits
    {
        public static readonly TimeSpan DefaultGrace = TimeSpan.FromMinutes(15);

        public TriageLimits(TimeSpan threshold, TimeSpan liveWindow, TimeSpan callTimeLimit)
        {
            Threshold = threshold;
            LiveWindow = liveWindow;
            CallTimeLimit = callTimeLimit;
        }

        public TimeSpan Threshold { get; }
        public TimeSpan LiveWindow { get; }
        public TimeSpan CallTimeLimit { get; }
        public TimeSpan Grace => DefaultGrace;
    }
}
