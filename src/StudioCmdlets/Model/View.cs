using System.Globalization;

namespace StudioCmdlets.Model
{
    /// <summary>
    /// How the module's views (module/*.format.ps1xml) write a value in a column, one rule each, called from their script
    /// blocks: a duration in at most six characters, and a long contact cut so that rows stay told apart.
    /// </summary>
    public static class View
    {
        /// <summary>A duration in a table column, at most six characters: 12d, 3d 4h, 11h, 5h 12m, 42m, 30s; empty for none.</summary>
        public static string Column(TimeSpan? span)
        {
            if (span is null) return "";
            var t = span.Value < TimeSpan.Zero ? TimeSpan.Zero : span.Value;
            string F(double v) => ((long)v).ToString(CultureInfo.InvariantCulture);
            if (t.TotalDays >= 10) return $"{F(t.TotalDays)}d";
            if (t.TotalDays >= 1) return $"{F(t.TotalDays)}d {t.Hours}h";
            if (t.TotalHours >= 10) return $"{F(t.TotalHours)}h";
            if (t.TotalHours >= 1) return $"{F(t.TotalHours)}h {t.Minutes}m";
            if (t.TotalMinutes >= 1) return $"{F(t.TotalMinutes)}m";
            return $"{F(t.TotalSeconds)}s";
        }

        /// <summary>A duration in a list or a message: 3d 4h, 5h 12m, 4h, 42m, 30s; empty for none.</summary>
        public static string Span(TimeSpan? span) => span is null ? "" : Durations.Short(span.Value);

        /// <summary>The time left until <paramref name="at"/>: "now" once it has passed, empty for none.</summary>
        public static string Until(DateTimeOffset? at)
        {
            if (at is null) return "";
            var left = at.Value - DateTimeOffset.UtcNow;
            return left <= TimeSpan.Zero ? "now" : Column(left);
        }

        /// <summary>
        /// A contact in <paramref name="width"/> characters. What tells contacts apart is at the end (the number, the
        /// guest's id), so a longer one keeps its end and loses its start: "whatsapp:+14155550123" in 16 is "…p:+14155550123".
        /// </summary>
        public static string Tail(string? text, int width)
        {
            if (string.IsNullOrEmpty(text) || width < 2 || text!.Length <= width) return text ?? "";
            return "\u2026" + text.Substring(text.Length - (width - 1));
        }
    }
}
