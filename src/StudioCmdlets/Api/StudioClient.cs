using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using StudioCmdlets.Model;
using Twilio.Clients;
using Twilio.Rest.Studio.V2;
using Twilio.Rest.Studio.V2.Flow;
using Twilio.Rest.Studio.V2.Flow.Execution;
using Twilio.Rest.Studio.V2.Flow.Execution.ExecutionStep;

namespace StudioCmdlets.Api
{
    /// <summary>
    /// The one place that talks to Twilio: it calls Twilio's Studio v2 resources through
    /// <see cref="StudioHttpClient"/> and turns them into the module's own output types. Nothing
    /// outside this folder sees a Twilio or Newtonsoft type.
    /// </summary>
    internal sealed class StudioClient
    {
        /// <summary>The largest page Studio serves: fewer round trips for long listings.</summary>
        public const int PageSize = 1000;

        // Flow names by account and SID, so executions can name their flow without a request per flow.
        private static readonly ConcurrentDictionary<string, string> FlowNames = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        private readonly TwilioRestClient _twilio;
        private readonly StudioConnection _connection;
        private readonly CancellationToken _cancellation;

        public StudioClient(StudioConnection connection, CancellationToken cancellation, Action<string>? trace)
        {
            _connection = connection;
            _cancellation = cancellation;
            var http = new StudioHttpClient(connection.Endpoint, connection.Timeout, cancellation, trace);
            _twilio = new TwilioRestClient(connection.Username, connection.RevealSecret(), connection.AccountSid,
                connection.Region, http, connection.Edge);
        }

        /// <summary>One small request that fails with 401 when the credentials are wrong.</summary>
        public void Verify() => FlowResource.Read(new ReadFlowOptions { PageSize = 1 }, _twilio);

        public IEnumerable<StudioFlow> ListFlows()
        {
            foreach (var f in FlowResource.Read(new ReadFlowOptions { PageSize = PageSize }, _twilio))
            {
                _cancellation.ThrowIfCancellationRequested();
                yield return Remember(Map(f));
            }
        }

        public StudioFlow GetFlow(string flowSid) => Remember(Map(FlowResource.Fetch(flowSid, _twilio)));

        /// <summary>The flow's name, from what this process has already seen, else one request.</summary>
        public string FlowName(string flowSid)
            => FlowNames.TryGetValue(Key(flowSid), out var name) ? name : GetFlow(flowSid).FriendlyName;

        /// <summary>A flow's executions, newest first, streamed page by page; status and dates are filtered by Studio.</summary>
        public IEnumerable<StudioExecution> ListExecutions(string flowSid, StudioExecutionStatus? status, DateTimeOffset? createdFrom, DateTimeOffset? createdTo)
        {
            var options = new ReadExecutionOptions(flowSid)
            {
                PageSize = PageSize,
                DateCreatedFrom = createdFrom?.UtcDateTime,
                DateCreatedTo = createdTo?.UtcDateTime,
            };
            if (status is not null) options.Status = status == StudioExecutionStatus.Active ? ExecutionResource.StatusEnum.Active : ExecutionResource.StatusEnum.Ended;
            var flowName = FlowNames.TryGetValue(Key(flowSid), out var n) ? n : null;
            foreach (var e in ExecutionResource.Read(options, _twilio))
            {
                _cancellation.ThrowIfCancellationRequested();
                yield return Map(e).WithFlowName(flowName);
            }
        }

        public StudioExecution GetExecution(string flowSid, string executionSid)
            => Map(ExecutionResource.Fetch(flowSid, executionSid, _twilio));

        /// <summary>Ends an execution (Status=ended); Studio answers with the execution as it now is.</summary>
        public StudioExecution EndExecution(string flowSid, string executionSid)
            => Map(ExecutionResource.Update(flowSid, executionSid, ExecutionResource.StatusEnum.Ended, _twilio));

        /// <summary>An execution's steps, oldest first, the latest one marked.</summary>
        public IReadOnlyList<StudioExecutionStep> GetSteps(string flowSid, string executionSid)
        {
            var steps = new List<StudioExecutionStep>();
            var options = new ReadExecutionStepOptions(flowSid, executionSid) { PageSize = PageSize };
            foreach (var s in ExecutionStepResource.Read(options, _twilio))
            {
                _cancellation.ThrowIfCancellationRequested();
                steps.Add(Map(s));
            }
            // Studio lists newest first; a stable sort on time keeps same-second steps in the order they happened.
            steps.Reverse();
            var ordered = steps.OrderBy(s => s.DateCreated).ToList();
            if (ordered.Count > 0) ordered[ordered.Count - 1].IsLatest = true;
            return ordered;
        }

        public StudioExecutionContext GetContext(string flowSid, string executionSid)
        {
            var c = ExecutionContextResource.Fetch(flowSid, executionSid, _twilio);
            return new StudioExecutionContext
            {
                FlowSid = c.FlowSid ?? flowSid, ExecutionSid = c.ExecutionSid ?? executionSid, AccountSid = c.AccountSid,
                Context = PSJson.ToPowerShell(c.Context), Url = c.Url,
            };
        }

        public StudioExecutionContext GetStepContext(string flowSid, string executionSid, string stepSid)
        {
            var c = ExecutionStepContextResource.Fetch(flowSid, executionSid, stepSid, _twilio);
            return new StudioExecutionContext
            {
                FlowSid = c.FlowSid ?? flowSid, ExecutionSid = c.ExecutionSid ?? executionSid, StepSid = c.StepSid ?? stepSid,
                AccountSid = c.AccountSid, Context = PSJson.ToPowerShell(c.Context), Url = c.Url,
            };
        }

        private string Key(string flowSid) => _connection.AccountSid + "/" + flowSid;

        private StudioFlow Remember(StudioFlow f)
        {
            FlowNames[Key(f.Sid)] = f.FriendlyName;
            return f;
        }

        private static StudioFlow Map(FlowResource f) => new StudioFlow
        {
            Sid = f.Sid, FriendlyName = f.FriendlyName ?? "", Status = f.Status?.ToString() ?? "", Revision = f.Revision ?? 0,
            Valid = f.Valid, CommitMessage = f.CommitMessage, DateCreated = Utc(f.DateCreated), DateUpdated = Utc(f.DateUpdated),
            Definition = PSJson.ToPowerShell(f.Definition), AccountSid = f.AccountSid, Url = f.Url,
        };

        private static StudioExecution Map(ExecutionResource e) => new StudioExecution
        {
            Sid = e.Sid, FlowSid = e.FlowSid, ContactAddress = e.ContactChannelAddress, ContactSid = e.ContactSid,
            Status = string.Equals(e.Status?.ToString(), "active", StringComparison.OrdinalIgnoreCase) ? StudioExecutionStatus.Active : StudioExecutionStatus.Ended,
            DateCreated = Utc(e.DateCreated) ?? default, DateUpdated = Utc(e.DateUpdated) ?? Utc(e.DateCreated) ?? default,
            FlowRevision = e.FlowVersion, InitiatedBy = e.InitiatedBy, AccountSid = e.AccountSid, Url = e.Url,
        };

        private static StudioExecutionStep Map(ExecutionStepResource s) => new StudioExecutionStep
        {
            Sid = s.Sid, ExecutionSid = s.ExecutionSid, FlowSid = s.FlowSid, Name = s.Name, WidgetType = s.Type,
            TransitionedFrom = s.TransitionedFrom, TransitionedTo = s.TransitionedTo, DateCreated = Utc(s.DateCreated) ?? default,
            ParentStepSid = s.ParentStepSid, Url = s.Url,
        };

        /// <summary>Twilio's dates are UTC; make that explicit whatever kind the parser produced.</summary>
        private static DateTimeOffset? Utc(DateTime? d)
        {
            if (d is null) return null;
            var v = d.Value;
            if (v.Kind == DateTimeKind.Local) v = v.ToUniversalTime();
            return new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc));
        }
    }
}
