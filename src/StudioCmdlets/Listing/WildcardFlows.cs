namespace StudioCmdlets.Listing
{
    /// <summary>Flows whose names match wildcards; an exact name that matches nothing is an error, as with Get-Process -Name.</summary>
    internal sealed class WildcardFlows
    {
        private readonly StudioCmdlet _cmdlet;
        private readonly string[] _names;

        public WildcardFlows(StudioCmdlet cmdlet, string[] names)
        {
            _cmdlet = cmdlet;
            _names = names;
        }

        /// <summary>Streams the matching flows to <paramref name="each"/>, then reports exact names that matched none.</summary>
        public void ForEach(Action<StudioFlow> each)
        {
            var patterns = _names.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
            var unmatched = new HashSet<string>(_names.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)), StringComparer.OrdinalIgnoreCase);
            if (_cmdlet.AllFlows() is { } flows)
            {
                foreach (var flow in flows)
                {
                    if (patterns.Count > 0 && !patterns.Any(p => p.IsMatch(flow.FriendlyName))) continue;
                    unmatched.Remove(flow.FriendlyName);
                    each(flow);
                }
            }
            foreach (var name in unmatched)
            {
                _cmdlet.WriteError(StudioErrors.Record(new ItemNotFoundException($"No Studio flow is named '{name}'."), ErrorIds.StudioFlowNotFound,
                    ErrorCategory.ObjectNotFound, name, "Run Get-StudioFlow to list the flows of this account."));
            }
        }

        /// <summary>The matching flows, collected (for work that makes requests of its own per flow).</summary>
        public List<StudioFlow> Matches()
        {
            var list = new List<StudioFlow>();
            ForEach(list.Add);
            return list;
        }
    }
}
