using System.Text.RegularExpressions;

namespace StudioCmdlets.Listing
{
    /// <summary>
    /// A contact as people type it. Phone numbers match however they are formatted ('+1 (415) 555-0123',
    /// '1-415-555-0123' and '+14155550123' are one contact; a ten-digit number without a country code is also
    /// tried as North American), and a bare number matches its channel-prefixed forms ('whatsapp:+14155550123').
    /// With a channel ('whatsapp:+1 415...') the channel must match too. Anything else (chat identities) is
    /// compared whole, ignoring case; wildcards match the address as Studio shows it.
    /// </summary>
    internal sealed class ContactPattern
    {
        private static readonly Regex Channel = Address.Channel;
        private readonly WildcardPattern? _wildcard;
        private readonly string? _channel;
        private readonly string? _digits;

        public ContactPattern(string text)
        {
            Text = text.Trim();
            if (WildcardPattern.ContainsWildcardCharacters(Text))
            {
                _wildcard = new WildcardPattern(Text, WildcardOptions.IgnoreCase);
                return;
            }
            var (channel, rest) = Split(Text);
            _channel = channel;
            _digits = Digits(rest);
        }

        /// <summary>The contact as given (trimmed).</summary>
        public string Text { get; }
        /// <summary>No wildcards: a contact that matches nothing is worth a warning.</summary>
        public bool IsExact => _wildcard is null;
        /// <summary>Whether any address matched so far.</summary>
        public bool Matched { get; private set; }

        public bool IsMatch(string? address)
        {
            var hit = Test(address ?? "");
            if (hit) Matched = true;
            return hit;
        }

        private bool Test(string address)
        {
            if (_wildcard is not null) return _wildcard.IsMatch(address);
            if (string.Equals(address, Text, StringComparison.OrdinalIgnoreCase)) return true;
            if (_digits is null) return false;
            var (channel, rest) = Split(address);
            if (_channel is not null && !string.Equals(_channel, channel, StringComparison.OrdinalIgnoreCase)) return false;
            var digits = Digits(rest);
            if (digits is null) return false;
            return digits == _digits || (!_international && _digits.Length == 10 && digits == "1" + _digits);
        }

        private bool _international => Text.IndexOf('+') >= 0;

        private static (string? Channel, string Number) Split(string address)
        {
            var m = Channel.Match(address);
            return m.Success ? (m.Groups[1].Value, m.Groups[2].Value) : (null, address);
        }

        /// <summary>The digits of a phone number, or null when the text is not shaped like one.</summary>
        private static string? Digits(string text)
            => Address.Digits(text) is { Length: >= 7 and <= 15 } digits ? digits : null;
    }
}
