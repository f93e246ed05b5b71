namespace StudioCmdlets.Model
{
    /// <summary>How much a finding matters.</summary>
    public enum StudioFindingSeverity
    {
        /// <summary>Worth knowing; not a problem by itself.</summary>
        Info,
        /// <summary>Can strand contacts for longer than it should.</summary>
        Warning,
        /// <summary>Can strand contacts indefinitely, or blocks other contacts.</summary>
        Error,
    }
}
