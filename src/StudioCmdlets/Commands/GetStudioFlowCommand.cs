using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using StudioCmdlets.Api;
using StudioCmdlets.Model;

namespace StudioCmdlets.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets Studio flows by name or SID.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "StudioFlow", DefaultParameterSetName = ByName)]
    [OutputType(typeof(StudioFlow))]
    public sealed class GetStudioFlowCommand : StudioCmdlet
    {
        private const string ByName = "ByName";
        private const string BySid = "BySid";

        /// <summary>Flow names; wildcards allowed. Without it, every flow of the account.</summary>
        [Parameter(Position = 0, ParameterSetName = ByName)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        /// <summary>Flow SIDs (FW...).</summary>
        [Parameter(Mandatory = true, ParameterSetName = BySid, ValueFromPipelineByPropertyName = true)]
        public string[] FlowSid { get; set; } = Array.Empty<string>();

        /// <summary>Fetch each flow's definition too (one more request per flow listed by name).</summary>
        [Parameter]
        public SwitchParameter IncludeDefinition { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (ParameterSetName == BySid)
            {
                foreach (var sid in FlowSid)
                {
                    if (!CheckSid(sid, SidKind.Flow, nameof(FlowSid))) continue;
                    TryRequest(() => WriteObject(Client.GetFlow(sid)), "StudioFlow", $"getting flow {sid}", sid);
                }
                return;
            }

            var patterns = (Name ?? Array.Empty<string>()).Select(n => new { Text = n, Pattern = new WildcardPattern(n, WildcardOptions.IgnoreCase) }).ToList();
            var unmatched = new HashSet<string>(patterns.Where(p => !WildcardPattern.ContainsWildcardCharacters(p.Text)).Select(p => p.Text), StringComparer.OrdinalIgnoreCase);
            TryRequest(() =>
            {
                foreach (var flow in Client.ListFlows())
                {
                    if (patterns.Count > 0 && !patterns.Any(p => p.Pattern.IsMatch(flow.FriendlyName))) continue;
                    unmatched.Remove(flow.FriendlyName);
                    if (IncludeDefinition)
                        TryRequest(() => WriteObject(Client.GetFlow(flow.Sid)), "StudioFlow", $"getting flow {flow.Sid}", flow.Sid);
                    else
                        WriteObject(flow);
                }
            }, "StudioFlow", "listing flows", "Flows");

            foreach (var name in unmatched)
            {
                WriteError(StudioErrors.Record(new ItemNotFoundException($"No Studio flow is named '{name}'."), "StudioFlowNotFound",
                    ErrorCategory.ObjectNotFound, name, "Run Get-StudioFlow to list the flows of this account."));
            }
        }
    }
}
