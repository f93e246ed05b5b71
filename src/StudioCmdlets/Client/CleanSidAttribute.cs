namespace StudioCmdlets.Client
{
    /// <summary>
    /// The one rule for SIDs as people paste them (<see cref="Sid.Clean(string?)"/>: spaces, CR/LF, a byte-order mark,
    /// zero-width characters removed), applied by PowerShell as it binds a parameter, from the command line or the pipeline.
    /// A null stays null, so an empty scope is still seen as given but empty.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class CleanSidAttribute : ArgumentTransformationAttribute
    {
        /// <inheritdoc />
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject ps ? ps.BaseObject : inputData;
            switch (value)
            {
                case string s: return Sid.Clean(s);
                case string[] many: return Sid.Clean(many);
                case object[] items: return items.Select(i => i is PSObject p ? p.BaseObject : i).Select(i => i is string s ? Sid.Clean(s) : i).ToArray();
                default: return inputData;
            }
        }
    }
}
