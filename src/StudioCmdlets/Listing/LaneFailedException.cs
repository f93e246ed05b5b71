namespace StudioCmdlets.Listing
{
    /// <summary>A producer's failure, surfaced where its lane is read.</summary>
    internal sealed class LaneFailedException : Exception
    {
        public LaneFailedException(Exception inner) : base(inner.Message, inner) { }
    }
}
