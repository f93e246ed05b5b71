namespace StudioCmdlets.Listing
{
    /// <summary>
    /// A -ContactAddress value: a wildcard pattern matched against the address as Studio shows it, or a contact
    /// matched by the one address rule (<see cref="Address.Same"/>), which New-StudioExecution sends by too.
    /// </summary>
    internal sealed class ContactPattern
    {
        private readonly WildcardPattern? _wildcard;
        private readonly Address.Parts _wanted;

        public ContactPattern(string text)
        {
            // The rule New-StudioExecution sends by (Address): a number pasted with a no-break space matches what it started.
            _wanted = Address.Parse(text);
            Text = _wanted.Text;
            if (WildcardPattern.ContainsWildcardCharacters(Text)) _wildcard = new WildcardPattern(Text, WildcardOptions.IgnoreCase);
        }

        /// <summary>The contact as given (without invisible characters, trimmed).</summary>
        public string Text { get; }
        /// <summary>No wildcards: a contact that matches nothing is worth a warning.</summary>
        public bool IsExact => _wildcard is null;
        /// <summary>Whether any address matched so far.</summary>
        public bool Matched { get; private set; }

        public bool IsMatch(string? address)
        {
            var hit = _wildcard is not null ? _wildcard.IsMatch(address ?? "") : Address.Same(_wanted, Address.Parse(address));
            if (hit) Matched = true;
            return hit;
        }
    }
}
