namespace StudioCmdlets.Audit
{
    /// <summary>
    /// The one rule for how much a hold matters, for a flow's widgets and an account's conversations alike: within
    /// -MaxWait it is Info, beyond it a Warning, and from a day (or for ever) an Error.
    /// </summary>
    internal static class HoldRating
    {
        /// <summary>The hold from which a finding is an Error.</summary>
        public static readonly TimeSpan ErrorFrom = TimeSpan.FromDays(1);

        /// <summary>How much a contact held for <paramref name="held"/> matters (null: for ever).</summary>
        public static StudioFindingSeverity Rate(TimeSpan? held, TimeSpan maxWait)
            => held is not { } h ? StudioFindingSeverity.Error
               : h <= maxWait ? StudioFindingSeverity.Info : h >= ErrorFrom ? StudioFindingSeverity.Error : StudioFindingSeverity.Warning;
    }
}
