using System.Management.Automation;
using StudioCmdlets.Api;
using StudioCmdlets.Model;

namespace StudioCmdlets.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the steps of executions, oldest first: the last one shows the widget an execution sits on.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "StudioExecutionStep")]
    [OutputType(typeof(StudioExecutionStep))]
    public sealed class GetStudioExecutionStepCommand : StudioCmdlet
    {
        /// <summary>The flow (FW...) of the execution.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public string FlowSid { get; set; } = "";

        /// <summary>The execution (FN...).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Sid")]
        public string ExecutionSid { get; set; } = "";

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (!CheckSid(FlowSid, SidKind.Flow, nameof(FlowSid)) | !CheckSid(ExecutionSid, SidKind.Execution, nameof(ExecutionSid))) return;
            TryRequest(() => WriteObject(Client.GetSteps(FlowSid, ExecutionSid), enumerateCollection: true),
                "StudioExecution", $"getting the steps of execution {ExecutionSid}", ExecutionSid);
        }
    }
}
