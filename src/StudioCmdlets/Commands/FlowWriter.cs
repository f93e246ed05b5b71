namespace StudioCmdlets.Commands
{
    /// <summary>
    /// Writes to a flow, which are writes to production (Repair- and Restore-StudioFlow use it; no other cmdlet
    /// carries it): a new revision, written only after the user agreed and only if nobody changed the flow since it
    /// was read; every outcome is the flow's <see cref="StudioFlowRepair"/>, with the way back.
    /// </summary>
    internal sealed class FlowWriter
    {
        private readonly StudioCmdlet _cmdlet;

        public FlowWriter(StudioCmdlet cmdlet) => _cmdlet = cmdlet;

        /// <summary>
        /// How the module's own revisions begin their commit message (Studio keeps one with each revision): a draft
        /// the module wrote (a repair, a restore) is not someone's work in progress.
        /// </summary>
        public const string RepairMark = "Repair-StudioFlow: ", RestoreMark = "Restore-StudioFlow: ";

        /// <summary>True when the revision's commit message says Repair- or Restore-StudioFlow wrote it.</summary>
        public static bool WrittenByModule(string? commitMessage) =>
            commitMessage != null && (commitMessage.StartsWith(RepairMark, StringComparison.Ordinal) || commitMessage.StartsWith(RestoreMark, StringComparison.Ordinal));

        /// <summary>The user said no, or -WhatIf rehearsed: the flow's output says which, and nothing is written.</summary>
        public void NotApproved(StudioFlowRepair output)
        {
            output.Result = _cmdlet.WhatIfInEffect ? StudioFlowRepairStatus.SkippedByWhatIf : StudioFlowRepairStatus.Declined;
            _cmdlet.WriteObject(output);
        }

        /// <summary>A refusal is both: an error (for -ErrorAction and $?) and the flow's output object, saying why.</summary>
        public void Refuse(StudioFlowRepair output, string errorId, ErrorCategory category, object target, string why, string advice)
        {
            _cmdlet.WriteError(StudioErrors.Record(new InvalidOperationException(why), errorId, category, target, advice));
            output.Result = StudioFlowRepairStatus.Refused;
            output.Reason = why;
            _cmdlet.WriteObject(output);
        }

        /// <summary>
        /// Writes <paramref name="definition"/> as the next revision of the flow as it was read (<paramref name="read"/>),
        /// draft unless <paramref name="publish"/>: read again right before, so that an edit in the canvas since the first
        /// read is never overwritten (StudioFlowChanged, nothing written). The output then has the new revision and the
        /// command back to the one before.
        /// </summary>
        public void WriteRevision(StudioClient client, StudioFlow read, StudioFlowRepair output, bool publish, string definition, string message,
            string doing, string again)
        {
            var sid = read.Sid;
            if (!_cmdlet.TryRequest(t => client.FetchFlowAsync(sid, t), SidKind.Flow, $"reading flow {sid}", sid, out var now)) return;
            if (now.Revision != read.Revision)
            {
                Refuse(output, ErrorIds.StudioFlowChanged, ErrorCategory.ResourceUnavailable, sid,
                    $"Flow '{read.FriendlyName}' changed while it was being {doing} (revision {read.Revision}, now {now.Revision}): someone edited it, and nothing was written.",
                    again);
                return;
            }
            if (!_cmdlet.TryRequest(t => client.UpdateFlowAsync(sid, publish, definition, message, t), SidKind.Flow, $"saving the {doing} definition of flow {sid}", sid, out var written)) return;
            output.RevisionAfter = written.Revision;
            output.Result = publish ? StudioFlowRepairStatus.Published : StudioFlowRepairStatus.Drafted;
            output.RestoreCommand = $"Restore-StudioFlow -FlowSid {sid} -Revision {read.Revision}{(publish ? " -Publish" : "")}";
            _cmdlet.WriteObject(output);
        }
    }
}
