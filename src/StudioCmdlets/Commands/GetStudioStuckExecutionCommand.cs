using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using System;
using StudioCmdlets.Audit;
using StudioCmdlets.Client;
using StudioCmdlets.Concurrency;
using StudioCmdlets.Errors;
using StudioCmdlets.Listing;
using StudioCmdlets.Model;

namespace StudioCmdlets.Commands
{
    /// <summary>Get-StudioStuckExecution. Its help, the one source of its prose, is module/help/Get-StudioStuckExecution.md.</summary>
    [Cmdlet(VerbsCommon.Get, "StudioStuckExecution", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Get-StudioStuckExecution.md")]
    [OutputType(typeof(StudioStuckExecution))]
    public sealed class GetStudioStuckExecutionCommand : StudioCmdlet
    {
        private string[]? _flowSid;
        private readonly ConcurrentDictionary<string, Lazy<Task<FlowGraph?>>> _revisions = new ConcurrentDictionary<string, Lazy<Task<FlowGraph?>>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<FlowGraph, SilentHold> _holds = new ConcurrentDictionary<FlowGraph, SilentHold>();
        private readonly HashSet<string> _flowsDone = new HashSet<string>(StringComparer.Ordinal);
        private RequestPump<StudioExecution, StudioStuckExecution>? _pump;
        private ProgressReporter? _progress;
        private ContactFilter? _contacts;
        private long _done;

        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(FlowCompleter))]
        [Alias("flow_sid")]
        public string[]? FlowSid { get => _flowSid; set => _flowSid = Sid.Clean(value); }

        [Parameter]
        [SupportsWildcards]
        public string[]? ContactAddress { get; set; }

        [Parameter]
        public TimeSpan Threshold { get; set; } = TimeSpan.FromHours(1);

        [Parameter]
        public TimeSpan LiveWindow { get; set; } = TimeSpan.FromMinutes(10);

        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        internal override int Throttle => ThrottleLimit;

        [Parameter]
        public StudioAccount? Connection { get => ExplicitConnection; set => ExplicitConnection = value; }

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            ScopeGiven(true, nameof(FlowSid), nameof(ContactAddress), nameof(Connection));
            foreach (var (value, name) in new[] { (Threshold, nameof(Threshold)), (LiveWindow, nameof(LiveWindow)) })
            {
                if (value >= TimeSpan.Zero) continue;
                ThrowTerminatingError(StudioErrors.Record(new ArgumentException($"-{name} cannot be negative (got {value})."), ErrorIds.Invalid(name), ErrorCategory.InvalidArgument, value));
            }
            _contacts = ContactFilter.From(ContactAddress);
            _progress = new ProgressReporter(this, "Triaging active Studio executions");
            _pump = Pump<StudioExecution, StudioStuckExecution>(
                (_, triaged) => { _done++; WriteObject(triaged); },
                (e, error) => { _done++; Report(error, "StudioExecution", $"triaging execution {e.Sid}", e.Sid); },
                () => _progress.Update(_done, null, () => $"{_done} executions triaged, {_pump!.InFlight} in flight"));
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (!ScopeGiven(false, nameof(FlowSid))) return;
            IEnumerable<string> flows;
            if (FlowSid is null)
            {
                var all = new List<StudioFlow>();
                if (!TryRequest(() => all.AddRange(Client.ListFlows()), "StudioFlow", "listing flows", "Flows")) return;
                flows = all.Select(f => f.Sid);
            }
            else flows = FlowSid.Where(s => CheckSid(s, SidKind.Flow, nameof(FlowSid)));
            foreach (var flow in flows.Where(_flowsDone.Add).ToList()) Triage(flow);
        }

        private void Triage(string flowSid)
        {
            var client = Client;
            ExecutionPage? page = null;
            string? flowName = null;
            if (!TryRequest(() =>
                {
                    flowName = client.FlowAsync(flowSid).GetAwaiter().GetResult().FriendlyName;
                    page = client.FirstExecutionPageAsync(flowSid, StudioExecutionStatus.Active, null, null).GetAwaiter().GetResult();
                }, "StudioFlow", $"listing the active executions of flow {flowSid}", flowSid)) return;
            while (page is not null)
            {
                // Studio filters by status; so does this, in case something in between did not.
                foreach (var e in page.Items.Where(x => x.IsActive && MatchesContact(x)))
                {
                    e.WithFlowName(flowName);
                    Guarded(() => _pump!.Submit(e, _ => TriageAsync(client, e)));
                }
                var next = page.NextUrl is null ? null : page;
                page = null;
                if (next is not null && !TryRequest(() => page = client.NextExecutionPageAsync(next).GetAwaiter().GetResult(), "StudioFlow", $"listing the active executions of flow {flowSid}", flowSid)) return;
            }
        }

        private bool MatchesContact(StudioExecution e) => _contacts is null || _contacts.Matches(e.ContactAddress);

        private async Task<StudioStuckExecution> TriageAsync(IStudioClient client, StudioExecution e)
        {
            var steps = await client.GetStepsAsync(e.FlowSid, e.Sid).ConfigureAwait(false);
            var graph = e.FlowRevision is int revision ? await Definition(client, e.FlowSid, revision).ConfigureAwait(false) : null;
            return Audit.Triage.Classify(e, steps, graph, g => _holds.GetOrAdd(g, x => new SilentHold(x)), DateTimeOffset.UtcNow, Threshold, LiveWindow);
        }

        /// <summary>Each flow revision's definition is read once, however many executions run it.</summary>
        private Task<FlowGraph?> Definition(IStudioClient client, string flowSid, int revision)
            => _revisions.GetOrAdd(flowSid + "/" + revision, _ => new Lazy<Task<FlowGraph?>>(async () =>
            {
                var json = await client.GetRevisionDefinitionAsync(flowSid, revision).ConfigureAwait(false);
                try { return FlowGraph.Parse(json); }
                catch (FormatException) { return null; }
                catch (System.Text.Json.JsonException) { return null; }
            })).Value;

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            try { Guarded(() => _pump!.Complete()); }
            finally { _progress!.Complete(); }
            foreach (var warning in _contacts?.Unmatched("active execution") ?? Enumerable.Empty<string>()) WriteWarning(warning);
        }
    }
}
