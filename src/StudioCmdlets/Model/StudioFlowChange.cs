namespace StudioCmdlets.Model
{
    /// <summary>One change Repair-StudioFlow makes to a definition: which widget, which property, from what, to what, and why.</summary>
    public sealed class StudioFlowChange
    {
        /// <summary>The widget changed or added (or "flags").</summary>
        public string Widget { get; internal set; } = "";
        /// <summary>The property: timeout, transitions.timeout.next, allow_concurrent_calls, or "(new widget)".</summary>
        public string Property { get; internal set; } = "";
        /// <summary>What it was.</summary>
        public string Before { get; internal set; } = "";
        /// <summary>What it is in the repaired definition.</summary>
        public string After { get; internal set; } = "";
        /// <summary>The Test-StudioFlow rule(s) it answers: LongWait, ChainOfWaits, WaitInLoop, NoConcurrentCalls.</summary>
        public string Rule { get; internal set; } = "";

        /// <inheritdoc />
        public override string ToString() => $"{Widget}.{Property}: {Before} -> {After} ({Rule})";
    }
}
