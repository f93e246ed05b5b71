namespace StudioCmdlets.Model
{
    /// <summary>What Repair-StudioFlow or Restore-StudioFlow did with one flow or file: each gets exactly one.</summary>
    public enum StudioFlowRepairStatus
    {
        /// <summary>Nothing to repair: the flow already holds no silent contact longer than -MaxWait.</summary>
        Unchanged,
        /// <summary>Written as a new draft revision; the published flow keeps running.</summary>
        Drafted,
        /// <summary>Written as a new published revision.</summary>
        Published,
        /// <summary>A file: the repaired definition was written to -Destination.</summary>
        Written,
        /// <summary>Left alone: -WhatIf.</summary>
        SkippedByWhatIf,
        /// <summary>Left alone: the confirmation was declined.</summary>
        Declined,
        /// <summary>Not written: an error says why (a draft in progress, a flow changed meanwhile, Studio refused it).</summary>
        Refused,
    }
}
