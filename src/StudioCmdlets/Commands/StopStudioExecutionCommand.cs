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
    [OutputType(typeof(StudioExecution), typeof(StudioStopSummary))]
    public sealed class StopStudioExecutionCommand : StudioCmdlet
    {
        private const string BySid = "BySid";
        private const string ByInputObject = "ByInputObject";
        // A Studio answer whose last update is older than the request by more than this was already ended.
        private static readonly TimeSpan ClockSlack = TimeSpan.FromMinutes(1);

        private RequestPump<Pending, StudioExecution>? _pump;
        private ProgressReporter? _progress;
        private StopJournal? _journal;
        private string? _contextDirectory;
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private long _requested, _ended, _alreadyEnded, _whatIf, _declined, _failed;

        /// <summary>Executions to end, as Get-StudioExecution emits them.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByInputObject)]
        public StudioExecution? InputObject { get; set; }

        /// <summary>The flow (FW...) of the execution to end.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = BySid)]
        [ArgumentCompleter(typeof(FlowCompleter))]
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

        /// <summary>Append one JSON line per execution (time, SID, flow, contact, age, widget it sat on, outcome) to this file, flushed as each is done. Not written under -WhatIf.</summary>
        [Parameter]
        public string? JournalPath { get; set; }

        /// <summary>Before ending each execution, save its context (the customer's last message among it) as SID.json in this folder. An execution whose context cannot be saved is not ended.</summary>
        [Parameter]
        public string? ContextPath { get; set; }

        /// <summary>At the end, emit a summary: requested, ended, already ended, skipped by -WhatIf, declined, failed.</summary>
        [Parameter]
        public SwitchParameter Summary { get; set; }

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
            if (WhatIfInEffect) return; // a rehearsal writes nothing, not even locally
            try
            {
                if (!string.IsNullOrEmpty(ContextPath))
                {
                    _contextDirectory = GetUnresolvedProviderPathFromPSPath(ContextPath);
                    System.IO.Directory.CreateDirectory(_contextDirectory);
                }
                if (!string.IsNullOrEmpty(JournalPath)) _journal = new StopJournal(GetUnresolvedProviderPathFromPSPath(JournalPath));
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is ArgumentException)
            {
                ThrowTerminatingError(StudioErrors.Record(ex, "JournalNotWritable", ErrorCategory.WriteError, JournalPath ?? ContextPath,
                    "Give a -JournalPath file and -ContextPath folder that can be written."));
            }
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
                WriteVerbose($"Already ended, nothing to do: {execution.Describe()}.");
                _journal?.Write(execution, "AlreadyEnded", null, null, null);
                if (PassThru) WriteObject(execution);
                return;
            }
            if (!Approve(execution.Describe(), "End Studio execution", Force))
            {
                if (WhatIfInEffect) _whatIf++;
                else
                {
                    _declined++;
                    _journal?.Write(execution, "Declined", null, null, null);
                }
                return;
            }
            // By SID, or when journaling, read the execution first (after asking): an exact already-ended, and the
            // contact and age for the record. Piped active executions go straight to the end request.
            var verify = ParameterSetName == BySid || _journal is not null || _contextDirectory is not null;
            var pending = new Pending(execution, DateTimeOffset.UtcNow, verify);
            var client = Client;
            Guarded(() => _pump!.Submit(pending, _ => EndAsync(client, pending)));
        }

        /// <summary>
        /// Ends one execution; with a journal or a context folder, first reads where it sits and saves its
        /// context, and does not end it if the context could not be kept.
        /// </summary>
        private async System.Threading.Tasks.Task<StudioExecution> EndAsync(IStudioClient client, Pending pending)
        {
            if (pending.Verify)
            {
                var current = (await client.GetExecutionAsync(pending.Input.FlowSid, pending.Input.Sid).ConfigureAwait(false)).WithFlowName(pending.Input.FlowName);
                pending.Input = current;
                if (current.Status == StudioExecutionStatus.Ended)
                {
                    pending.WasAlreadyEnded = true;
                    return current;
                }
            }
            var e = pending.Input;
            if (_journal is not null)
            {
                var steps = await client.GetStepsAsync(e.FlowSid, e.Sid).ConfigureAwait(false);
                pending.Widget = steps.Count > 0 ? steps[steps.Count - 1].TransitionedTo : null;
            }
            if (_contextDirectory is not null)
            {
                var json = await client.GetContextJsonAsync(e.FlowSid, e.Sid).ConfigureAwait(false);
                var file = System.IO.Path.Combine(_contextDirectory, e.Sid + ".json");
                using (var writer = new System.IO.StreamWriter(file, false, new System.Text.UTF8Encoding(false)))
                    await writer.WriteAsync(json).ConfigureAwait(false);
                pending.ContextFile = file;
            }
            pending.Sent = DateTimeOffset.UtcNow;
            return await client.EndExecutionAsync(e.FlowSid, e.Sid).ConfigureAwait(false);
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
                _journal?.Dispose();
            }
            WriteVerbose($"{_requested} requested: {_ended} ended, {_alreadyEnded} already ended, {_whatIf} skipped by -WhatIf, {_declined} declined, {_failed} failed" +
                         (Limit.Throttled > 0 ? $" ({Limit.Throttled} answers of 429 were retried)." : "."));
            if (Summary)
            {
                WriteObject(new StudioStopSummary
                {
                    Requested = _requested, Ended = _ended, AlreadyEnded = _alreadyEnded, SkippedByWhatIf = _whatIf, Declined = _declined,
                    Failed = _failed, Throttled = Limit.Throttled, Duration = _clock.Elapsed, JournalPath = _journal?.Path,
                });
            }
        }

        /// <inheritdoc />
        protected override void Dispose(bool disposing)
        {
            if (disposing) _journal?.Dispose(); // a stopped run keeps what it wrote
            base.Dispose(disposing);
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
            if (pending.WasAlreadyEnded || ended.DateUpdated < pending.Sent - ClockSlack)
            {
                _alreadyEnded++;
                WriteVerbose($"Already ended, nothing to do: {ended.Describe()}.");
                _journal?.Write(ended, "AlreadyEnded", pending.Widget, null, pending.ContextFile);
            }
            else
            {
                _ended++;
                WriteVerbose($"Ended {ended.Describe()}.");
                _journal?.Write(ended, "Ended", pending.Widget, null, pending.ContextFile);
            }
            if (PassThru) WriteObject(ended);
        }

        private void Failed(Pending pending, Exception error)
        {
            _failed++;
            _journal?.Write(pending.Input, "Failed", pending.Widget, error.Message, pending.ContextFile);
            Report(error, "StudioExecution", $"ending execution {pending.Input.Sid}", pending.Input.Sid);
        }

        private void ShowProgress()
            => _progress!.Update(_ended + _alreadyEnded + _failed, null,
                $"{_ended} ended, {_alreadyEnded} already ended, {_failed} failed, {_pump!.InFlight} in flight");

        private sealed class Pending
        {
            public Pending(StudioExecution input, DateTimeOffset sent, bool verify)
            {
                Input = input;
                Sent = sent;
                Verify = verify;
            }

            public StudioExecution Input { get; set; }
            public bool Verify { get; }
            public bool WasAlreadyEnded { get; set; }
            public DateTimeOffset Sent { get; set; }
            public string? Widget { get; set; }
            public string? ContextFile { get; set; }
        }
    }
}
