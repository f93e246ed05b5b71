namespace StudioCmdlets.Commands
{
    /// <summary>What the flow cmdlets (Test- and Repair-StudioFlow) take that no other does: -MaxWait, flow files by -Path.</summary>
    internal static class FlowInput
    {
        /// <summary>-MaxWait of the flow cmdlets: a hold is measured against it, so it must be longer than zero.</summary>
        public static void MaxWaitValid(PSCmdlet cmdlet, TimeSpan maxWait)
        {
            if (maxWait <= TimeSpan.Zero)
                cmdlet.ThrowTerminatingError(StudioErrors.Record(new ArgumentException("-MaxWait must be longer than zero."), ErrorIds.InvalidMaxWait, ErrorCategory.InvalidArgument, maxWait));
        }

        /// <summary>The error for a flow definition that cannot be read (a file, or what Studio gave).</summary>
        public static ErrorRecord NotAFlowDefinition(string name, Exception ex, object target)
            => StudioErrors.Record(new FormatException($"{name}: not a flow definition ({ex.Message})", ex), ErrorIds.InvalidFlowDefinition, ErrorCategory.InvalidData, target,
                "Give the JSON exported from the Studio canvas (Flow > Export), or a Flow resource with its definition.");

        /// <summary>The files -Path names (wildcards resolved); a pattern that matches nothing is a FlowFileNotFound error, and the rest go on.</summary>
        public static IEnumerable<string> Files(PSCmdlet cmdlet, IEnumerable<string> patterns)
        {
            foreach (var pattern in patterns)
            {
                System.Collections.ObjectModel.Collection<string> files;
                try { files = cmdlet.GetResolvedProviderPathFromPSPath(pattern, out _); }
                catch (ItemNotFoundException ex)
                {
                    cmdlet.WriteError(StudioErrors.Record(ex, ErrorIds.FlowFileNotFound, ErrorCategory.ObjectNotFound, pattern));
                    continue;
                }
                foreach (var file in files) yield return file;
            }
        }

    }
}
