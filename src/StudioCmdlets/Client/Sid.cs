namespace StudioCmdlets.Client
{
    /// <summary>SID checks, so that bad input fails before any request with a message that says what was meant.</summary>
    internal static class Sid
    {
        public static SidKind Kind(string? sid)
        {
            if (sid is null || sid.Length != 34) return SidKind.None;
            for (var i = 2; i < 34; i++)
            {
                var c = sid[i];
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return SidKind.None;
            }
            switch (sid.Substring(0, 2))
            {
                case "AC": return SidKind.Account;
                case "SK": return SidKind.ApiKey;
                case "FW": return SidKind.Flow;
                case "FN": return SidKind.Execution;
                case "FT": return SidKind.Step;
                case "FC": return SidKind.Contact;
                case "CH": return SidKind.Conversation;
                default: return SidKind.None;
            }
        }

        public static string Prefix(SidKind kind)
        {
            switch (kind)
            {
                case SidKind.Account: return "AC";
                case SidKind.ApiKey: return "SK";
                case SidKind.Flow: return "FW";
                case SidKind.Execution: return "FN";
                case SidKind.Step: return "FT";
                case SidKind.Contact: return "FC";
                case SidKind.Conversation: return "CH";
                default: throw new ArgumentOutOfRangeException(nameof(kind));
            }
        }

        public static string Noun(SidKind kind)
        {
            switch (kind)
            {
                case SidKind.Account: return "account";
                case SidKind.ApiKey: return "API key";
                case SidKind.Flow: return "flow";
                case SidKind.Execution: return "execution";
                case SidKind.Step: return "step";
                case SidKind.Contact: return "contact";
                case SidKind.Conversation: return "conversation";
                default: return "unknown";
            }
        }

        private static string A(string noun) => ("aeiouAEIOU".IndexOf(noun[0]) >= 0 ? "an " : "a ") + noun;

        /// <summary>
        /// A SID as people paste it (from Excel CSVs, e-mails, chat): surrounding spaces, tabs and CR/LF removed, and the
        /// characters nobody sees (a byte-order mark from a CSV's first cell, zero-width spaces and joiners from chat
        /// and web pages, no-break spaces) removed wherever they are.
        /// </summary>
        public static string? Clean(string? value) => value is null ? null : StripInvisible(value).Trim();

        /// <summary>The same for a list.</summary>
        public static string[]? Clean(string[]? values)
        {
            if (values is null) return null;
            var cleaned = new string[values.Length];
            for (var i = 0; i < values.Length; i++) cleaned[i] = Clean(values[i])!;
            return cleaned;
        }

        /// <summary>Text without the invisible characters pasting brings: BOM, zero-width space, joiners, word joiner; a no-break space becomes a space.</summary>
        public static string StripInvisible(string text)
        {
            if (text.IndexOfAny(Invisible) < 0) return text;
            var sb = new System.Text.StringBuilder(text.Length);
            foreach (var c in text)
            {
                if (c == '\u00A0') sb.Append(' ');
                else if (Array.IndexOf(Invisible, c) < 0) sb.Append(c);
            }
            return sb.ToString();
        }

        private static readonly char[] Invisible = { '\uFEFF', '\u200B', '\u200C', '\u200D', '\u2060', '\u00A0' };

        /// <summary>Null when <paramref name="value"/> is a SID of <paramref name="expected"/> kind, else why not.</summary>
        public static string? Problem(string? value, SidKind expected, string parameter)
        {
            var actual = Kind(value);
            if (actual == expected) return null;
            var want = $"{Sid.Prefix(expected)} followed by 32 hexadecimal characters";
            if (string.IsNullOrEmpty(value))
                return $"-{parameter} is empty: give {A(Noun(expected))} SID ({want}).";
            if (expected == SidKind.Execution && value!.Length == 34 && value.StartsWith("EN", StringComparison.OrdinalIgnoreCase))
                return $"'{value}' is a Studio v1 engagement SID (EN...). Studio v2 calls them executions, and their SIDs start with FN: " +
                       "find the one blocking a contact with Get-StudioExecution -Status Active -ContactAddress '+14155550123'.";
            if (actual != SidKind.None)
                return $"'{value}' is {A(Noun(actual))} SID, but -{parameter} takes {A(Noun(expected))} SID ({want}).";
            return $"'{value}' is not a valid {Noun(expected)} SID for -{parameter}: expected {want}.";
        }
    }
}
