using System;
using System.Management.Automation;
using StudioCmdlets.Api;
using StudioCmdlets.Engine;
using StudioCmdlets.Model;

namespace StudioCmdlets.Commands
{
    /// <summary>
    /// <para type="synopsis">Ends Studio executions, so their contacts can start new ones.</para>
    /// <para type="description">Takes executions from Get-StudioExecution, or FlowSid and ExecutionSid (also from Import-Csv). Asks before each; -WhatIf rehearses with no change. Up to -ThrottleLimit requests run at once while input keeps arriving.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "StudioExecution", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByInputObject)]
    [OutputType(typeof(StudioExecution))]
    public sealed class StopStudioExecutionCommand : StudioCmdlet
    {
        private const string BySid = "BySid";
        private const string ByInputObject = "ByInputObject";
        // A Studio answer whose last update is older than the request by more than this was already ended.
        private static readonly TimeSpan ClockSlack = TimeSpan.FromMinutes(1);

        private RequestPump<Pending, StudioExecution>? _pump;
        private ProgressReporter? _progress;
        private long _requested, _ended, _alreadyEnded, _skipped, _failed;

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

        /// <summary>Emit each execution once it is ended (including those that already were), as requests complete.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Requests in flight at once (default 10). Lowered automatically while Twilio answers 429.</summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        internal override int Throttle => ThrottleLimit;

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            _progress = new ProgressReporter(this, "Ending Studio executions");
            _pump = Pump<Pending, StudioExecution>(Ended, Failed, ShowProgress);
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            _requested++;
            var execution = ParameterSetName == ByInputObject ? InputObject! : FromSids();
            if (execution is null) { _failed++; return; }

            if (execution.Status == StudioExecutionStatus.Ended)
            {
                _alreadyEnded++;
                WriteVerbose($"Already ended, nothing to do: {Describe(execution)}.");
                if (PassThru) WriteObject(execution);
                return;
            }
            if (!Approve(Describe(execution), "End Studio execution", Force))
            {
                _skipped++;
                return;
            }
            var pending = new Pending(execution, DateTimeOffset.UtcNow);
            var client = Client;
            Guarded(() => _pump!.Submit(pending, _ => client.EndExecutionAsync(execution.FlowSid, execution.Sid)));
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            try
            {
                Guarded(() => _pump!.Complete());
            }
            finally
            {
                _progress!.Complete();
            }
            WriteVerbose($"{_requested} requested: {_ended} ended, {_alreadyEnded} already ended, {_skipped} skipped, {_failed} failed" +
                         (Limit.Throttled > 0 ? $" ({Limit.Throttled} answers of 429 were retried)." : "."));
        }

        /// <summary>By SID the execution is not fetched first: nothing is asked of Studio before ShouldProcess.</summary>
        private StudioExecution? FromSids()
        {
            if (!CheckSid(FlowSid, SidKind.Flow, nameof(FlowSid)) | !CheckSid(ExecutionSid, SidKind.Execution, nameof(ExecutionSid))) return null;
            return new StudioExecution { Sid = ExecutionSid, FlowSid = FlowSid, Status = StudioExecutionStatus.Active, FlowName = Client.KnownFlowName(FlowSid) };
        }

        private void Ended(Pending pending, StudioExecution ended)
        {
            ended.WithFlowName(pending.Input.FlowName);
            if (ended.DateUpdated < pending.Sent - ClockSlack)
            {
                _alreadyEnded++;
                WriteVerbose($"Already ended, nothing to do: {Describe(ended)}.");
            }
            else
            {
                _ended++;
                WriteVerbose($"Ended {Describe(ended)}.");
            }
            if (PassThru) WriteObject(ended);
        }

        private void Failed(Pending pending, Exception error)
        {
            _failed++;
            Report(error, "StudioExecution", $"ending execution {pending.Input.Sid}", pending.Input.Sid);
        }

        private void ShowProgress()
            => _progress!.Update(_ended + _alreadyEnded + _failed, null,
                $"{_ended} ended, {_alreadyEnded} already ended, {_failed} failed, {_pump!.InFlight} in flight");

        private static string Describe(StudioExecution e)
        {
            var flow = $"flow '{e.FlowName ?? e.FlowSid}'";
            return e.ContactAddress is null ? $"{e.Sid} ({flow})" : $"{e.Sid} (contact {e.ContactAddress}, {flow}, age {Durations.Short(e.Age)})";
        }

        private sealed class Pending
        {
            public Pending(StudioExecution input, DateTimeOffset sent)
            {
                Input = input;
                Sent = sent;
            }

            public StudioExecution Input { get; }
            public DateTimeOffset Sent { get; }
        }
    }
}
