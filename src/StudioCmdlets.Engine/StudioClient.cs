using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections;
using System.Linq;
using System.Threading.Tasks;
using System.Threading;
using System;
using StudioCmdlets.Client;
using StudioCmdlets.Concurrency;
using StudioCmdlets.Connections;
using StudioCmdlets.Errors;
using StudioCmdlets.Model;
using Twilio.Base;
using Twilio.Clients;
using Twilio.Http;
using Twilio.Rest.Studio.V2.Flow.Execution.ExecutionStep;
using Twilio.Rest.Studio.V2.Flow.Execution;
using Twilio.Rest.Studio.V2.Flow;
using Twilio.Rest.Studio.V2;

namespace StudioCmdlets.Engine
{
    /// <summary>
    /// The one place that talks to Twilio: it calls Twilio's Studio v2 resources through
    /// <see cref="StudioHttpClient"/> and turns them into the module's own output types. Failures leave as
    /// <see cref="StudioRequestException"/>; nothing outside this assembly sees a Twilio or Newtonsoft type.
    /// </summary>
    internal sealed class StudioClient : IStudioClient
    {
        /// <summary>The largest page Studio serves: fewer round trips for long listings.</summary>
        public const int PageSize = 1000;

        // Flows by account and SID, so executions can name their flow without a request per flow, and
        // listings know how far back a flow's executions can go.
        private static readonly ConcurrentDictionary<string, StudioFlow> Flows = new ConcurrentDictionary<string, StudioFlow>(StringComparer.Ordinal);

        private readonly TwilioRestClient _twilio;
        private readonly StudioHttpClient _http;
        private readonly StudioConnection _connection;
        private readonly string _secret;
        private readonly CancellationToken _cancellation;

        private readonly string? _region;
        private readonly string? _edge;

        public StudioClient(StudioConnection connection, CancellationToken cancellation, Action<string>? trace, AdaptiveLimit? limit, CancellationToken halt)
        {
            _connection = connection;
            _cancellation = cancellation;
            _http = new StudioHttpClient(connection.Endpoint, connection.Timeout, cancellation, trace, limit, connection.MaxRetries, connection.RetryDelay, halt);
            // Twilio's client keeps the secret as text too; it has no other way to take it.
            _secret = connection.RevealSecret();
            (_region, _edge) = Regions.Routing(connection.Region, connection.Edge);
            _twilio = new TwilioRestClient(connection.Username, _secret, connection.AccountSid, _region, _http, _edge);
        }

        public void Verify() => Run(() =>
        {
            var page = FlowResource.Read(new ReadFlowOptions { PageSize = 1, Limit = 1 }, _twilio);
            foreach (var f in page) CheckAccount(f.AccountSid);
            return page;
        });

        public IEnumerable<StudioFlow> ListFlows()
            => new Translated<StudioFlow>(() => FlowResource.Read(new ReadFlowOptions { PageSize = PageSize }, _twilio).Select(f => Remember(Map(f))), _cancellation);

        public StudioFlow GetFlow(string flowSid) => Run(() => Remember(Map(FlowResource.Fetch(flowSid, _twilio))));

        public string FlowName(string flowSid)
            => Flows.TryGetValue(Key(flowSid), out var flow) ? flow.FriendlyName : GetFlow(flowSid).FriendlyName;

        public string? KnownFlowName(string flowSid) => Flows.TryGetValue(Key(flowSid), out var flow) ? flow.FriendlyName : null;

        public Task<StudioFlow> FlowAsync(string flowSid)
            => Flows.TryGetValue(Key(flowSid), out var flow) ? Task.FromResult(flow)
                : RunAsync(async () => Remember(Map(await FlowResource.FetchAsync(flowSid, _twilio).ConfigureAwait(false))));

        public Task<ExecutionPage> FirstExecutionPageAsync(string flowSid, StudioExecutionStatus? status, DateTimeOffset? createdFrom, DateTimeOffset? createdTo)
        {
            var options = new ReadExecutionOptions(flowSid) { PageSize = PageSize, DateCreatedFrom = createdFrom?.UtcDateTime, DateCreatedTo = createdTo?.UtcDateTime };
            if (status is not null) options.Status = status == StudioExecutionStatus.Active ? ExecutionResource.StatusEnum.Active : ExecutionResource.StatusEnum.Ended;
            return ExecutionPageAsync(new Request(HttpMethod.Get, Twilio.Rest.Domain.Studio, $"/v2/Flows/{flowSid}/Executions", queryParams: options.GetParams()));
        }

        public Task<ExecutionPage> NextExecutionPageAsync(ExecutionPage page)
            => ExecutionPageAsync(new Request(HttpMethod.Get, page.NextUrl ?? throw new InvalidOperationException("No next page.")));

        private Task<ExecutionPage> ExecutionPageAsync(Request request)
        {
            // Prepared as Twilio's client prepares every request, then read from bytes (see ExecutionPageReader).
            request.SetAuth(_connection.Username, _secret);
            if (_region is not null) request.Region = _region;
            if (_edge is not null) request.Edge = _edge;
            return RunAsync(async () =>
            {
                var page = await _http.GetJsonAsync(request, ExecutionPageReader.Read).ConfigureAwait(false);
                foreach (var e in page.Items) CheckAccount(e.AccountSid);
                return page;
            });
        }

        public StudioExecution GetExecution(string flowSid, string executionSid)
            => Run(() => Map(ExecutionResource.Fetch(flowSid, executionSid, _twilio)));

        public Task<StudioExecution> GetExecutionAsync(string flowSid, string executionSid)
            => RunAsync(async () => Map(await ExecutionResource.FetchAsync(flowSid, executionSid, _twilio).ConfigureAwait(false)).WithFlowName(KnownFlowName(flowSid)));

        public Task<EndOutcome> EndExecutionAsync(string flowSid, string executionSid) => RunAsync(async () =>
        {
            var attempts = Attempts.Begin();
            try
            {
                return new EndOutcome(Map(await ExecutionResource.UpdateAsync(flowSid, executionSid, ExecutionResource.StatusEnum.Ended, _twilio).ConfigureAwait(false)), false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException) && (IsConflict(ex) || attempts.MaybeApplied))
            {
                // Studio refuses to end an execution that has ended (409), and an answer may have been lost on the
                // way: read what is true. Ended after an attempt that may have gone through: this call ended it.
                StudioExecution now;
                try { now = Map(await ExecutionResource.FetchAsync(flowSid, executionSid, _twilio).ConfigureAwait(false)); }
                catch (Exception) when (!_cancellation.IsCancellationRequested) { throw ex; }
                if (now.IsActive) throw;
                return new EndOutcome(now, alreadyEnded: !attempts.MaybeApplied);
            }
        });

        public CreateOutcome CreateExecution(string flowSid, string to, string from, object? parameters) => Run(() =>
        {
            var attempts = Attempts.Begin();
            var sent = DateTimeOffset.UtcNow;
            try
            {
                var created = ExecutionResource.Create(new CreateExecutionOptions(flowSid, new Twilio.Types.PhoneNumber(to), new Twilio.Types.PhoneNumber(from)) { Parameters = parameters }, _twilio);
                return new CreateOutcome(Map(created).WithFlowName(KnownFlowName(flowSid)), null);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException) && attempts.MaybeApplied)
            {
                // Creating is not idempotent: never repeat it. Whether it happened shows as the contact's active
                // execution in the flow, started since the request went out (Studio's dates are to the second).
                StudioExecution? found = null;
                try
                {
                    var options = new ReadExecutionOptions(flowSid) { Status = ExecutionResource.StatusEnum.Active, DateCreatedFrom = sent.UtcDateTime.AddSeconds(-2), PageSize = PageSize };
                    found = ExecutionResource.Read(options, _twilio).Select(Map)
                        .Where(e => string.Equals(e.ContactAddress, to, StringComparison.OrdinalIgnoreCase))
                        .OrderByDescending(e => e.DateCreated).FirstOrDefault();
                }
                catch (Exception) when (!_cancellation.IsCancellationRequested) { throw ex; }
                if (found is null) throw;
                return new CreateOutcome(found.WithFlowName(KnownFlowName(flowSid)),
                    $"Studio's answer to starting {flowSid} for {to} was lost ({EngineErrors.Translate(ex).Message}); it was not repeated, and the execution it started was found: {found.Sid}.");
            }
        });

        private static bool IsConflict(Exception ex) => EngineErrors.Translate(ex) is StudioRequestException r && r.StatusCode == 409;

        public Task DeleteExecutionAsync(string flowSid, string executionSid)
            => RunAsync(async () => await ExecutionResource.DeleteAsync(flowSid, executionSid, _twilio).ConfigureAwait(false));

        public Task<IReadOnlyList<StudioExecutionStep>> GetStepsAsync(string flowSid, string executionSid) => RunAsync(async () =>
        {
            var options = new ReadExecutionStepOptions(flowSid, executionSid) { PageSize = PageSize };
            Request? request = new Request(HttpMethod.Get, Twilio.Rest.Domain.Studio, $"/v2/Flows/{flowSid}/Executions/{executionSid}/Steps", queryParams: options.GetParams());
            var steps = new List<StudioExecutionStep>();
            while (request is not null)
            {
                var response = await _twilio.RequestAsync(request).ConfigureAwait(false);
                var page = Page<ExecutionStepResource>.FromJson("steps", response.Content);
                foreach (var s in page.Records) steps.Add(Map(s));
                request = page.HasNextPage() ? new Request(HttpMethod.Get, page.GetNextPageUrl(Twilio.Rest.Domain.Studio)) : null;
            }
            var flowName = KnownFlowName(flowSid);
            foreach (var s in steps) s.FlowName = flowName;
            return OrderSteps(steps);
        });

        public Task<StudioExecutionContext> GetContextAsync(string flowSid, string executionSid) => RunAsync(async () =>
        {
            var c = await ExecutionContextResource.FetchAsync(flowSid, executionSid, _twilio).ConfigureAwait(false);
            return new StudioExecutionContext
            {
                FlowSid = c.FlowSid ?? flowSid, ExecutionSid = c.ExecutionSid ?? executionSid, AccountSid = c.AccountSid,
                Context = PSJson.ToPowerShell(c.Context), Url = c.Url,
            };
        });

        public Task<string> GetContextJsonAsync(string flowSid, string executionSid) => RunAsync(async () =>
        {
            var c = await ExecutionContextResource.FetchAsync(flowSid, executionSid, _twilio).ConfigureAwait(false);
            return c.Context is Newtonsoft.Json.Linq.JToken t ? t.ToString(Newtonsoft.Json.Formatting.Indented) : Newtonsoft.Json.JsonConvert.SerializeObject(c.Context);
        });

        public Task<StudioExecutionContext> GetStepContextAsync(string flowSid, string executionSid, string stepSid) => RunAsync(async () =>
        {
            var c = await ExecutionStepContextResource.FetchAsync(flowSid, executionSid, stepSid, _twilio).ConfigureAwait(false);
            return new StudioExecutionContext
            {
                FlowSid = c.FlowSid ?? flowSid, ExecutionSid = c.ExecutionSid ?? executionSid, StepSid = c.StepSid ?? stepSid,
                AccountSid = c.AccountSid, Context = PSJson.ToPowerShell(c.Context), Url = c.Url,
            };
        });

        public Task<string> GetRevisionDefinitionAsync(string flowSid, int revision) => RunAsync(async () =>
        {
            var r = await FlowRevisionResource.FetchAsync(flowSid, revision.ToString(System.Globalization.CultureInfo.InvariantCulture), _twilio).ConfigureAwait(false);
            CheckAccount(r.AccountSid);
            return r.Definition is Newtonsoft.Json.Linq.JToken t ? t.ToString(Newtonsoft.Json.Formatting.None) : Newtonsoft.Json.JsonConvert.SerializeObject(r.Definition);
        });

        private static IReadOnlyList<StudioExecutionStep> OrderSteps(List<StudioExecutionStep> steps)
        {
            // Studio lists newest first; a stable sort on time keeps same-second steps in the order they happened.
            steps.Reverse();
            var ordered = steps.OrderBy(s => s.DateCreated).ToList();
            if (ordered.Count > 0) ordered[ordered.Count - 1].IsLatest = true;
            return ordered;
        }

        private static T Run<T>(Func<T> call)
        {
            try { return call(); }
            catch (Exception ex) when (EngineErrors.Translate(ex) is var t && !ReferenceEquals(t, ex)) { throw t; }
        }

        private static async Task<T> RunAsync<T>(Func<Task<T>> call)
        {
            try { return await call().ConfigureAwait(false); }
            catch (Exception ex) when (EngineErrors.Translate(ex) is var t && !ReferenceEquals(t, ex)) { throw t; }
        }

        private static async Task RunAsync(Func<Task> call)
        {
            try { await call().ConfigureAwait(false); }
            catch (Exception ex) when (EngineErrors.Translate(ex) is var t && !ReferenceEquals(t, ex)) { throw t; }
        }

        private string Key(string flowSid) => _connection.AccountSid + "/" + flowSid;

        private StudioFlow Remember(StudioFlow f)
        {
            Flows[Key(f.Sid)] = f;
            return f;
        }

        private StudioFlow Map(FlowResource f)
        {
            CheckAccount(f.AccountSid);
            return MapFlow(f);
        }

        private static StudioFlow MapFlow(FlowResource f) => new StudioFlow
        {
            Sid = f.Sid, FriendlyName = f.FriendlyName ?? "", Status = f.Status?.ToString() ?? "", Revision = f.Revision ?? 0,
            Valid = f.Valid, CommitMessage = f.CommitMessage, DateCreated = Utc(f.DateCreated), DateUpdated = Utc(f.DateUpdated),
            Definition = PSJson.ToPowerShell(f.Definition), AccountSid = f.AccountSid, Url = f.Url,
            DefinitionJson = f.Definition is Newtonsoft.Json.Linq.JToken t ? t.ToString(Newtonsoft.Json.Formatting.None) : f.Definition as string,
        };

        /// <summary>Every answer names its account: one that is not the connection's (an API key with the wrong -AccountSid) stops everything.</summary>
        private void CheckAccount(string? accountSid)
        {
            if (accountSid is null || string.Equals(accountSid, _connection.AccountSid, StringComparison.Ordinal)) return;
            throw new StudioRequestException($"Twilio answered for account {accountSid}, but this connection is for account {_connection.AccountSid}.",
                null, StudioFailure.WrongAccount, 0, 0, null);
        }

        private StudioExecution Map(ExecutionResource e)
        {
            CheckAccount(e.AccountSid);
            return MapExecution(e);
        }

        internal static StudioExecution MapExecution(ExecutionResource e) => new StudioExecution
        {
            Sid = e.Sid, FlowSid = e.FlowSid, ContactAddress = e.ContactChannelAddress, ContactSid = e.ContactSid,
            IsActive = string.Equals(e.Status?.ToString(), "active", StringComparison.OrdinalIgnoreCase),
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

        /// <summary>A lazily paged listing whose failures surface translated, page by page.</summary>
        private sealed class Translated<T> : IEnumerable<T>
        {
            private readonly Func<IEnumerable<T>> _source;
            private readonly CancellationToken _cancellation;

            public Translated(Func<IEnumerable<T>> source, CancellationToken cancellation)
            {
                _source = source;
                _cancellation = cancellation;
            }

            public IEnumerator<T> GetEnumerator()
            {
                var inner = Run(() => _source().GetEnumerator());
                try
                {
                    while (Run(inner.MoveNext))
                    {
                        _cancellation.ThrowIfCancellationRequested();
                        yield return inner.Current;
                    }
                }
                finally { inner.Dispose(); }
            }

            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }
}
