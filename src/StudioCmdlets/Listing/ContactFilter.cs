namespace StudioCmdlets.Listing
{
    /// <summary>
    /// -ContactAddress as the listing cmdlets apply it: an execution matches when any of the contacts does, every
    /// contact is tried (so each knows whether it matched), and contacts given without wildcards that matched
    /// nothing are worth a warning.
    /// </summary>
    internal sealed class ContactFilter
    {
        // Null when -ContactAddress was not given: every contact matches. Given, it matches only what its patterns match.
        private readonly List<ContactPattern>? _patterns;

        private ContactFilter(List<ContactPattern>? patterns) => _patterns = patterns;

        /// <summary>The filter for what -ContactAddress was given; when it was not, a filter every contact passes.</summary>
        public static ContactFilter From(string[]? contacts)
            => new ContactFilter(contacts?.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => new ContactPattern(c)).ToList());

        public bool Matches(string? address) => _patterns is null || _patterns.Count(p => p.IsMatch(address)) > 0;

        /// <summary>The warning for each contact given without wildcards that matched no execution.</summary>
        public IEnumerable<string> Unmatched(string executions)
            => (_patterns ?? Enumerable.Empty<ContactPattern>()).Where(p => p.IsExact && !p.Matched).Select(p =>
                $"No {executions} matched contact '{p.Text}'. Phone numbers match in any format (+1 (415) 555-0123, 1-415-555-0123); " +
                "check the number, or use a wildcard such as '*5550123'.");
    }
}
