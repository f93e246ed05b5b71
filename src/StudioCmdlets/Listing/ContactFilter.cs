namespace StudioCmdlets.Listing
{
    /// <summary>
    /// -ContactAddress as the listing cmdlets apply it: an execution matches when any of the contacts does, every
    /// contact is tried (so each knows whether it matched), and contacts given without wildcards that matched
    /// nothing are worth a warning.
    /// </summary>
    internal sealed class ContactFilter
    {
        private readonly List<ContactPattern> _patterns;

        private ContactFilter(List<ContactPattern> patterns) => _patterns = patterns;

        /// <summary>The filter for what -ContactAddress was given, or null when it was not (every contact).</summary>
        public static ContactFilter? From(string[]? contacts)
            => contacts is null ? null : new ContactFilter(contacts.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => new ContactPattern(c)).ToList());

        public bool Matches(string? address) => _patterns.Count(p => p.IsMatch(address)) > 0;

        /// <summary>The warning for each contact given without wildcards that matched no execution.</summary>
        public IEnumerable<string> Unmatched(string executions)
            => _patterns.Where(p => p.IsExact && !p.Matched).Select(p =>
                $"No {executions} matched contact '{p.Text}'. Phone numbers match in any format (+1 (415) 555-0123, 1-415-555-0123); " +
                "check the number, or use a wildcard such as '*5550123'.");
    }
}
