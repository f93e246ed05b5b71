using System.Management.Automation;
using StudioCmdlets.Api;
using StudioCmdlets.Model;

namespace StudioCmdlets.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the context of executions (or of steps): what the customer sent and what the widgets did.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "StudioExecutionContext")]
    [OutputType(typeof(StudioExecutionContext))]
    public sealed class GetStudioExecutionContextCommand : StudioCmdlet
    {
        /// <summary>The flow (FW...) of the execution.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public string FlowSid { get; set; } = "";

        /// <summary>The execution (FN...).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Sid")]
        public string ExecutionSid { get; set; } = "";

        /// <summary>A step (FT...): its context rather than the execution's. Piped steps bind here.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? StepSid { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (!CheckSid(FlowSid, SidKind.Flow, nameof(FlowSid)) | !CheckSid(ExecutionSid, SidKind.Execution, nameof(ExecutionSid))) return;
            if (string.IsNullOrEmpty(StepSid))
            {
                TryRequest(() => WriteObject(Client.GetContext(FlowSid, ExecutionSid)), "StudioExecution",
                    $"getting the context of execution {ExecutionSid}", ExecutionSid);
                return;
            }
            if (!CheckSid(StepSid, SidKind.Step, nameof(StepSid))) return;
            TryRequest(() => WriteObject(Client.GetStepContext(FlowSid, ExecutionSid, StepSid!)), "StudioExecutionStep",
                $"getting the context of step {StepSid}", StepSid!);
        }
    }
}
