namespace StudioCmdlets.Audit
{
    /// <summary>
    /// A loop of a flow that sends a silent contact back into a message wait. <see cref="Holds"/>: a timeout re-enters
    /// it, so the contact stays held for <see cref="Hold"/>; otherwise failed deliveries re-enter it, re-sending the
    /// message up to <see cref="Turns"/> times within seconds until Studio stops the execution.
    /// </summary>
    internal sealed class SilentLoop
    {
        public SilentLoop(Widget first, IReadOnlyList<string> cycle, bool holds, TimeSpan hold, int turns, bool counted = false)
        {
            First = first;
            Cycle = cycle;
            Holds = holds;
            Hold = hold;
            Turns = turns;
            Counted = counted;
        }

        /// <summary>An attempt counter (Set Variables, then Split Based On) leaves the loop after <see cref="Turns"/>: it ends before Studio's limits.</summary>
        public bool Counted { get; }

        /// <summary>The message wait the loop is reported on.</summary>
        public Widget First { get; }
        /// <summary>The widgets of one turn, the first named again at the end.</summary>
        public IReadOnlyList<string> Cycle { get; }
        public bool Holds { get; }
        public TimeSpan Hold { get; }
        public int Turns { get; }
    }
}
