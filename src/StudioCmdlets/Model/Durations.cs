using System.Globalization;

namespace StudioCmdlets.Model
{
    /// <summary>Ages as people read them: 3d 4h, 5h 12m, 4h, 42m, 30s.</summary>
    internal static class Durations
    {
        /// <summary>
        /// The time since <paramref name="then"/>, in whole seconds: what people read and exports write. Never negative:
        /// a time a little ahead of this machine's clock (Twilio's clock and ours differ) is "just now".
        /// </summary>
        public static TimeSpan Since(DateTimeOffset then) => Since(then, DateTimeOffset.UtcNow);

        internal static TimeSpan Since(DateTimeOffset then, DateTimeOffset now)
        {
            var t = now - then;
            if (t < TimeSpan.Zero) return TimeSpan.Zero;
            return TimeSpan.FromTicks(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond);
        }

        public static string Short(TimeSpan t)
        {
            if (t < TimeSpan.Zero) t = TimeSpan.Zero;
            string F(double v) => ((long)v).ToString(CultureInfo.InvariantCulture);
            if (t.TotalDays >= 1) return t.Hours == 0 ? $"{F(t.TotalDays)}d" : $"{F(t.TotalDays)}d {t.Hours}h";
            if (t.TotalHours >= 1) return t.Minutes == 0 ? $"{F(t.TotalHours)}h" : $"{F(t.TotalHours)}h {t.Minutes}m";
            if (t.TotalMinutes >= 1) return $"{F(t.TotalMinutes)}m";
            return $"{F(t.TotalSeconds)}s";
        }
    }
}
