namespace StudioCmdlets.Audit
{
    /// <summary>
    /// Studio's own limits on an execution (Studio FAQ, limits; docs/twilio-behaviour.md): it is ended after 30
    /// days, after 1,000 steps, or when the same widget runs 10 times in a row, and its data is kept 30 days.
    /// </summary>
    internal static class StudioLimits
    {
        public static readonly TimeSpan MaxAge = TimeSpan.FromDays(30);
        public const int MaxSteps = 1000;
        public const int SameWidgetInARow = 10;
    }
}
