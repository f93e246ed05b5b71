using System.Text;
using System.Text.RegularExpressions;

namespace StudioCmdlets.Client
{
    /// <summary>
    /// The one rule for a contact address, for sending (New-StudioExecution -To) and for matching (-ContactAddress).
    /// Invisible characters a paste brings along (zero-width spaces, a byte-order mark) go and a no-break space is a
    /// space; a channel prefix ('whatsapp:') is kept, in lower case. A phone number typed in any format
    /// ('+1 (415) 555-0123', '1-415-555-0123') is its digits, 7 to 15 of them (E.164's range); anything else (a client
    /// or chat identity) is compared and sent as typed. Sending never guesses a missing country code: starting a flow
    /// for the wrong number would leave the real contact blocked. Matching tries a ten-digit number as North American.
    /// </summary>
    internal static class Address
    {
        /// <summary>A channel prefix and the rest: whatsapp:+1..., messenger:...</summary>
        internal static readonly Regex Channel = new Regex("^([a-z][a-z0-9-]*):(.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        /// <summary>Text shaped like a phone number, however it is formatted.</summary>
        private static readonly Regex PhoneShape = new Regex(@"^\+?[0-9 ()\-.]+$", RegexOptions.CultureInvariant);

        /// <summary>E.164: at most 15 digits after the +; the shortest numbers in use have 7.</summary>
        public const int MinDigits = 7, MaxDigits = 15;

        /// <summary>An address taken apart: cleaned text, channel (lower case, null without one), and a phone number's digits.</summary>
        internal readonly struct Parts
        {
            public Parts(string text, string? channel, string? digits, bool international)
            {
                Text = text;
                Channel = channel;
                Digits = digits;
                International = international;
            }

            /// <summary>The address without invisible characters, trimmed.</summary>
            public string Text { get; }
            public string? Channel { get; }
            /// <summary>The digits when the address (after its channel) is shaped like a phone number; null otherwise.</summary>
            public string? Digits { get; }
            /// <summary>Typed with + (or as 1 and ten digits, the North American way).</summary>
            public bool International { get; }
            /// <summary>A phone number with a number of digits E.164 allows.</summary>
            public bool IsPhone => Digits is { Length: >= MinDigits and <= MaxDigits };
        }

        /// <summary>Takes an address apart by the one rule.</summary>
        public static Parts Parse(string? typed)
        {
            var text = Sid.StripInvisible(typed ?? "").Trim();
            var m = Channel.Match(text);
            var (channel, rest) = m.Success ? (m.Groups[1].Value.ToLowerInvariant(), m.Groups[2].Value.Trim()) : (null, text);
            if (!PhoneShape.IsMatch(rest)) return new Parts(text, channel, null, false);
            var digits = new StringBuilder();
            foreach (var c in rest) if (c >= '0' && c <= '9') digits.Append(c);
            var d = digits.ToString();
            var international = rest.StartsWith("+", StringComparison.Ordinal) || (d.Length == 11 && d.StartsWith("1", StringComparison.Ordinal));
            return new Parts(text, channel, d, international);
        }

        /// <summary>The address to send, or null with <paramref name="problem"/> saying why it cannot be sent.</summary>
        public static string? Normalize(string typed, out string? problem)
        {
            problem = null;
            var parts = Parse(typed);
            if (parts.Digits is not string digits) return parts.Text;
            if (!parts.International)
            {
                problem = $"'{typed}' has no country code: give it in E.164, with + and the country code (for example +1{digits}).";
                return null;
            }
            if (!parts.IsPhone)
            {
                problem = $"'{typed}' is not a phone number Twilio can reach: E.164 numbers have {MinDigits} to {MaxDigits} digits after the +.";
                return null;
            }
            return (parts.Channel is null ? "" : parts.Channel + ":") + "+" + digits;
        }

        /// <summary>
        /// How Conversations' ParticipantConversations finds a contact typed by the same rule: a phone number by its E.164
        /// address, and a bare one in its WhatsApp form too; an address with another channel as given; anything else as a
        /// chat identity (a 'client:' prefix, as Studio shows web-chat contacts, left off). Null for a wildcard: there is no
        /// lookup by pattern, and the caller lists instead.
        /// </summary>
        public static IReadOnlyList<(string? Address, string? Identity)>? ConversationLookups(string typed)
        {
            var parts = Parse(typed);
            if (parts.Text.IndexOfAny(new[] { '*', '?', '[' }) >= 0) return null;
            if (parts.IsPhone && (parts.International || parts.Digits!.Length == 10))
            {
                var e164 = "+" + (parts.International ? parts.Digits : "1" + parts.Digits);
                if (parts.Channel is not null) return new (string?, string?)[] { (parts.Channel + ":" + e164, null) };
                return new (string?, string?)[] { (e164, null), ("whatsapp:" + e164, null) };
            }
            var m = Channel.Match(parts.Text);
            if (m.Success && string.Equals(m.Groups[1].Value, "client", StringComparison.OrdinalIgnoreCase)) return new (string?, string?)[] { (null, m.Groups[2].Value.Trim()) };
            if (m.Success) return new (string?, string?)[] { (parts.Text, null) };
            return new (string?, string?)[] { (null, parts.Text) };
        }

        /// <summary>
        /// Whether <paramref name="address"/> (as Studio shows it) is the contact <paramref name="wanted"/> names: the same
        /// text ignoring case, or the same phone number however typed; a wanted number without a channel matches every
        /// channel's form of it, one with a channel only that channel's.
        /// </summary>
        public static bool Same(Parts wanted, Parts address)
        {
            if (string.Equals(address.Text, wanted.Text, StringComparison.OrdinalIgnoreCase)) return true;
            if (!wanted.IsPhone || !address.IsPhone) return false;
            if (wanted.Channel is not null && !string.Equals(wanted.Channel, address.Channel, StringComparison.Ordinal)) return false;
            return address.Digits == wanted.Digits || (!wanted.International && wanted.Digits!.Length == 10 && address.Digits == "1" + wanted.Digits);
        }
    }
}
