using System.Text;
using System.Text.RegularExpressions;

namespace StudioCmdlets.Client
{
    /// <summary>
    /// A contact address as New-StudioExecution sends it. A phone number typed in any format ('+1 (415) 555-0123',
    /// '1-415-555-0123') becomes E.164 ('+14155550123'), keeping a channel prefix ('whatsapp:'); anything not shaped
    /// like a phone number (a client or chat identity) is sent as typed. A number that cannot be made E.164 without a
    /// guess (no country code) is refused: starting a flow for the wrong number would leave the real contact blocked.
    /// </summary>
    internal static class Address
    {
        /// <summary>A channel prefix and the rest: whatsapp:+1..., messenger:...</summary>
        internal static readonly Regex Channel = new Regex("^([a-z][a-z0-9-]*):(.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        /// <summary>Text shaped like a phone number, however it is formatted.</summary>
        internal static readonly Regex PhoneShape = new Regex(@"^\+?[0-9 ()\-.]+$", RegexOptions.CultureInvariant);

        /// <summary>The digits of text shaped like a phone number (however formatted), or null when it is not shaped like one.</summary>
        public static string? Digits(string text)
        {
            if (!PhoneShape.IsMatch(text)) return null;
            var digits = new StringBuilder();
            foreach (var c in text) if (c >= '0' && c <= '9') digits.Append(c);
            return digits.ToString();
        }

        /// <summary>The address to send, or null with <paramref name="problem"/> saying why it cannot be sent.</summary>
        public static string? Normalize(string typed, out string? problem)
        {
            problem = null;
            var text = Sid.StripInvisible(typed).Trim();
            var m = Channel.Match(text);
            var (prefix, rest) = m.Success ? (m.Groups[1].Value.ToLowerInvariant() + ":", m.Groups[2].Value.Trim()) : ("", text);
            if (Digits(rest) is not string digits) return text;
            var international = rest.StartsWith("+", StringComparison.Ordinal);
            if (!international && digits.Length == 11 && digits.StartsWith("1", StringComparison.Ordinal)) international = true; // 1-415-555-0123
            if (!international)
            {
                problem = $"'{typed}' has no country code: give it in E.164, with + and the country code (for example +1{digits}).";
                return null;
            }
            if (digits.Length < 8 || digits.Length > 15)
            {
                problem = $"'{typed}' is not a phone number Twilio can reach: E.164 numbers have 8 to 15 digits after the +.";
                return null;
            }
            return prefix + "+" + digits;
        }
    }
}
