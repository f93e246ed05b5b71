using System;
using System.Management.Automation;
using StudioCmdlets.Api;
using StudioCmdlets.Model;

namespace StudioCmdlets.Commands
{
    /// <summary>
    /// <para type="synopsis">Ends Studio executions, so their contacts can start new ones.</para>
    /// <para type="description">Takes executions from Get-StudioExecution, or FlowSid and ExecutionSid (also from Import-Csv). Asks before each; -WhatIf rehearses with no change.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "StudioExecution", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = BySid)]
    [OutputType(typeof(StudioExecution))]
    public sealed class StopStudioExecutionCommand : StudioCmdlet
    {
        private const string BySid = "BySid";
        private const string ByInputObject = "ByInputObject";

        /// <summary>Executions to end, as Get-StudioExecution emits them.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByInputObject)]
        public StudioExecution? InputObject { get; set; }

        /// <summary>The flow (FW...) of the execution to end.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = BySid)]
        public string FlowSid { get; set; } = "";

        /// <summary>The execution (FN...) to end.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = BySid)]
        [Alias("Sid")]
        public string ExecutionSid { get; set; } = "";

        /// <summary>End without asking for confirmation (-WhatIf still only rehearses).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Emit each execution once it is ended (including those that already were).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var execution = ParameterSetName == ByInputObject ? InputObject : Fetch();
            if (execution is null) return;

            var target = Describe(execution);
            if (execution.Status == StudioExecutionStatus.Ended)
            {
                WriteVerbose($"Already ended, nothing to do: {target}.");
                if (PassThru) WriteObject(execution);
                return;
            }
            if (!Approve(target, "End Studio execution", Force)) return;

            StudioExecution? ended = null;
            if (!TryRequest(() => ended = Client.EndExecution(execution.FlowSid, execution.Sid), "StudioExecution",
                    $"ending execution {execution.Sid}", execution.Sid)) return;
            WriteVerbose($"Ended {target}.");
            if (PassThru) WriteObject(ended!.WithFlowName(execution.FlowName));
        }

        /// <summary>By SID, the execution is fetched first: to name its contact and age, and to skip it if already ended.</summary>
        private StudioExecution? Fetch()
        {
            if (!CheckSid(FlowSid, SidKind.Flow, nameof(FlowSid)) | !CheckSid(ExecutionSid, SidKind.Execution, nameof(ExecutionSid))) return null;
            StudioExecution? e = null;
            if (!TryRequest(() => e = Client.GetExecution(FlowSid, ExecutionSid), "StudioExecution", $"getting execution {ExecutionSid}", ExecutionSid)) return null;
            string? name = null;
            TryRequest(() => name = Client.FlowName(FlowSid), "StudioFlow", $"getting flow {FlowSid}", FlowSid);
            return e!.WithFlowName(name);
        }

        private static string Describe(StudioExecution e)
            => $"{e.Sid} (contact {e.ContactAddress}, flow '{e.FlowName ?? e.FlowSid}', age {Durations.Short(e.Age)})";
    }
}
