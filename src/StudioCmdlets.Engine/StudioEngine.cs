using System.Globalization;
using System.Linq;
using System.Text.Json;
using Twilio.Rest.Studio.V2;
using Twilio.Rest.Studio.V2.Flow;
using Twilio.Rest.Studio.V2.Flow.Execution;

namespace StudioCmdlets.Engine
{
    /// <summary>
    /// What the cmdlets ask of Twilio (the contract's <see cref="IStudioEngine"/>), for one account: each call one
    /// request or a few, built with Twilio's option classes, sent on the one route (<see cref="TwilioRoute"/>) and read
    /// by the one reader (<see cref="StudioJson"/>) into the contract's records. Failures leave as StudioRequestException;
    /// no Twilio or Newtonsoft type leaves this assembly, and nothing here knows PowerShell or the module's output types.
    /// The cmdlet assembly makes it, through its load context, from <see cref="EngineOptions"/> (DependencyLoader).
    /// </summary>
    public sealed partial class StudioEngine : IStudioEngine
    {
        /// <summary>The largest page Studio serves: fewer round trips for long listings.</summary>
        internal const int PageSize = 1000;

        private readonly TwilioRoute _route;
        private readonly string _accountSid;

        /// <summary>An engine for the account, the transport and its policies as <paramref name="options"/> say.</summary>
        public StudioEngine(EngineOptions options)
        {
            if (options is null) throw new ArgumentNullException(nameof(options));
            _accountSid = options.AccountSid;
            var http = new StudioHttpClient(options.Endpoint, options.Timeout, options.Trace, options.Limit, options.MaxRetries, options.RetryDelay,
                options.Halt, options.Health, options.Total, _accountSid);
            _route = new TwilioRoute(options, http);
        }

        public Task VerifyAsync(CancellationToken cancellation)
            => _route.SendAsync(TwilioRoute.Get("/v2/Flows", new ReadFlowOptions { PageSize = 1 }.GetParams()),
                root => Checked(StudioJson.Page(root, "flows", StudioJson.Flow).Items, f => f.AccountSid), cancellation);

        public async Task<IReadOnlyList<FlowRecord>> ListFlowsAsync(CancellationToken cancellation)
        {
            var flows = new List<FlowRecord>();
            await WalkAsync(TwilioRoute.Get("/v2/Flows", new ReadFlowOptions { PageSize = PageSize }.GetParams()), "flows", StudioJson.Flow, f => f.AccountSid,
                flows.AddRange, cancellation).ConfigureAwait(false);
            return flows;
        }

        /// <summary>
        /// A Studio list walked to its end by the one walk below: items under <paramref name="key"/>, pages followed by
        /// meta.next_page_url.
        /// </summary>
        private Task WalkAsync<T>(Twilio.Http.Request first, string key, Func<JsonElement, T> item, Func<T, string?>? account, Action<List<T>> take,
            CancellationToken cancellation)
            => WalkAsync(first, root => StudioJson.Page(root, key, item), TwilioRoute.Next, account, take, cancellation);

        /// <summary>
        /// The one walk of a Twilio list: each page from <paramref name="first"/> on, read by <paramref name="page"/> (its
        /// items, and where the next page is), each item checked to be of this account when <paramref name="account"/> is
        /// given, handed to <paramref name="take"/> until there is no next page. Studio's pages and the 2010 API's differ
        /// only in how they are read and followed. Listings that fan out by date read single pages (<see cref="FirstExecutionPageAsync"/>).
        /// </summary>
        private async Task WalkAsync<T>(Twilio.Http.Request first, Func<JsonElement, (List<T> Items, string? Next)> page, Func<string, Twilio.Http.Request> next,
            Func<T, string?>? account, Action<List<T>> take, CancellationToken cancellation)
        {
            for (var request = first; request is not null;)
            {
                var (items, after) = await _route.SendAsync(request, page, cancellation).ConfigureAwait(false);
                if (account is not null) Checked(items, account);
                take(items);
                request = after is null ? null : next(after);
            }
        }

        public async Task<FlowRecord> FetchFlowAsync(string flowSid, CancellationToken cancellation)
            => Checked(await _route.SendAsync(TwilioRoute.Get($"/v2/Flows/{flowSid}"), StudioJson.Flow, cancellation).ConfigureAwait(false));

        public Task<ExecutionPageRecord> FirstExecutionPageAsync(string flowSid, string? status, DateTimeOffset? createdFrom, DateTimeOffset? createdTo,
            CancellationToken cancellation)
            => ExecutionPageAsync(ExecutionsRequest(flowSid, status, createdFrom, createdTo), cancellation);

        private static Twilio.Http.Request ExecutionsRequest(string flowSid, string? status, DateTimeOffset? createdFrom, DateTimeOffset? createdTo)
        {
            var options = new ReadExecutionOptions(flowSid) { PageSize = PageSize, DateCreatedFrom = createdFrom?.UtcDateTime, DateCreatedTo = createdTo?.UtcDateTime };
            if (status is not null) options.Status = status switch
            {
                "active" => ExecutionResource.StatusEnum.Active,
                "ended" => ExecutionResource.StatusEnum.Ended,
                _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Studio's executions are active or ended."),
            };
            return TwilioRoute.Get($"/v2/Flows/{flowSid}/Executions", options.GetParams());
        }

        public Task<ExecutionPageRecord> NextExecutionPageAsync(string nextUrl, CancellationToken cancellation)
            => ExecutionPageAsync(TwilioRoute.Next(nextUrl ?? throw new ArgumentNullException(nameof(nextUrl))), cancellation);

        private async Task<ExecutionPageRecord> ExecutionPageAsync(Twilio.Http.Request request, CancellationToken cancellation)
        {
            var page = await _route.SendAsync(request, StudioJson.ExecutionPage, cancellation).ConfigureAwait(false);
            Checked(page.Items, e => e.AccountSid);
            return page;
        }

        public async Task<ExecutionRecord> GetExecutionAsync(string flowSid, string executionSid, CancellationToken cancellation)
            => Checked(await _route.SendAsync(TwilioRoute.Get($"/v2/Flows/{flowSid}/Executions/{executionSid}"), StudioJson.Execution, cancellation).ConfigureAwait(false));

        public async Task<EndRecord> EndExecutionAsync(string flowSid, string executionSid, CancellationToken cancellation, Action? sending = null)
        {
            var attempts = new Attempts(sending);
            var form = new UpdateExecutionOptions(flowSid, executionSid, ExecutionResource.StatusEnum.Ended).GetParams();
            try
            {
                var ended = await _route.SendAsync(TwilioRoute.Post($"/v2/Flows/{flowSid}/Executions/{executionSid}", form), StudioJson.Execution, cancellation, attempts).ConfigureAwait(false);
                return new EndRecord(Checked(ended), AlreadyEnded: false);
            }
            catch (StudioRequestException ex) when (ex.StatusCode == 409 || (attempts.MaybeApplied && ex.StatusCode != 0))
            {
                // Studio refuses to end an execution that has ended (409), and an answer may have been lost on the
                // way: read what is true. Ended after an attempt that may have gone through: this call ended it.
                // With no answer at all in the end (a timeout, no connection), a read-back would meet the same silence:
                // the outcome stays unknown, for the caller to record and a later run to read back.
                ExecutionRecord now;
                try { now = await GetExecutionAsync(flowSid, executionSid, cancellation).ConfigureAwait(false); }
                catch (Exception) when (!cancellation.IsCancellationRequested) { throw ex; }
                if (now.IsActive) throw;
                return new EndRecord(now, AlreadyEnded: !attempts.MaybeApplied);
            }
        }

        public async Task<CreateRecord> CreateExecutionAsync(string flowSid, string to, string from, string? parametersJson, CancellationToken cancellation)
        {
            var attempts = new Attempts();
            var sent = DateTimeOffset.UtcNow;
            var form = new List<KeyValuePair<string, string>> { new("To", to), new("From", from) };
            if (parametersJson is not null) form.Add(new("Parameters", parametersJson));
            try
            {
                var created = await _route.SendAsync(TwilioRoute.Post($"/v2/Flows/{flowSid}/Executions", form), StudioJson.Execution, cancellation, attempts).ConfigureAwait(false);
                return new CreateRecord(Checked(created), null);
            }
            catch (StudioRequestException ex) when (attempts.MaybeApplied)
            {
                // Creating is not idempotent: never repeat it. Whether it happened shows as the contact's active
                // execution in the flow, started since the request went out (Studio's dates are to the second).
                ExecutionRecord? found;
                try { found = await FindStartedAsync(flowSid, to, sent.AddSeconds(-2), cancellation).ConfigureAwait(false); }
                catch (Exception) when (!cancellation.IsCancellationRequested) { throw ex; }
                if (found is null) throw;
                return new CreateRecord(found,
                    $"Studio's answer to starting {flowSid} for {to} was lost ({ex.Message}); it was not repeated, and the execution it started was found: {found.Sid}.");
            }
        }

        private async Task<ExecutionRecord?> FindStartedAsync(string flowSid, string to, DateTimeOffset since, CancellationToken cancellation)
        {
            var matches = new List<ExecutionRecord>();
            await WalkAsync(ExecutionsRequest(flowSid, "active", since, null), "executions", StudioJson.Execution, e => e.AccountSid,
                page => { matches.AddRange(page.Where(e => string.Equals(e.ContactAddress, to, StringComparison.OrdinalIgnoreCase))); },
                cancellation).ConfigureAwait(false);
            return matches.OrderByDescending(e => e.DateCreated).FirstOrDefault();
        }

        public Task DeleteExecutionAsync(string flowSid, string executionSid, CancellationToken cancellation)
            => _route.SendAsync<object?>(TwilioRoute.Delete($"/v2/Flows/{flowSid}/Executions/{executionSid}"), null, cancellation);

        public async Task<IReadOnlyList<StepRecord>> GetStepsAsync(string flowSid, string executionSid, CancellationToken cancellation)
        {
            var steps = new List<StepRecord>();
            await WalkAsync(TwilioRoute.Get($"/v2/Flows/{flowSid}/Executions/{executionSid}/Steps", new ReadExecutionStepOptions(flowSid, executionSid) { PageSize = PageSize }.GetParams()),
                "steps", StudioJson.Step, null, steps.AddRange, cancellation).ConfigureAwait(false);
            return steps;
        }

        public async Task<ContextRecord> GetContextAsync(string flowSid, string executionSid, string? stepSid, CancellationToken cancellation)
        {
            var path = stepSid is null ? $"/v2/Flows/{flowSid}/Executions/{executionSid}/Context" : $"/v2/Flows/{flowSid}/Executions/{executionSid}/Steps/{stepSid}/Context";
            var c = await _route.SendAsync(TwilioRoute.Get(path), root => StudioJson.Context(root, flowSid, executionSid, stepSid), cancellation).ConfigureAwait(false);
            CheckAccount(c.AccountSid);
            return c;
        }

        public async Task<FlowRecord> UpdateFlowAsync(string flowSid, bool publish, string definitionJson, string commitMessage, CancellationToken cancellation)
        {
            var form = new UpdateFlowOptions(flowSid, publish ? FlowResource.StatusEnum.Published : FlowResource.StatusEnum.Draft)
            {
                Definition = definitionJson, CommitMessage = commitMessage,
            }.GetParams();
            return Checked(await _route.SendAsync(TwilioRoute.Post($"/v2/Flows/{flowSid}", form), StudioJson.Flow, cancellation).ConfigureAwait(false));
        }

        public Task ValidateFlowAsync(string friendlyName, string definitionJson, CancellationToken cancellation)
        {
            var form = new UpdateFlowValidateOptions(friendlyName, FlowValidateResource.StatusEnum.Draft, definitionJson).GetParams();
            return _route.SendAsync<bool>(TwilioRoute.Post("/v2/Flows/Validate", form), root => root.TryGetProperty("valid", out var v) && v.ValueKind == System.Text.Json.JsonValueKind.True, cancellation);
        }

        public async Task<IReadOnlyList<AccountRecord>> ListSubaccountsAsync(string? status, CancellationToken cancellation)
        {
            var options = new Twilio.Rest.Api.V2010.ReadAccountOptions { PageSize = PageSize };
            if (status is not null) options.Status = status switch
            {
                "active" => Twilio.Rest.Api.V2010.AccountResource.StatusEnum.Active,
                "suspended" => Twilio.Rest.Api.V2010.AccountResource.StatusEnum.Suspended,
                "closed" => Twilio.Rest.Api.V2010.AccountResource.StatusEnum.Closed,
                _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Twilio's accounts are active, suspended or closed."),
            };
            var accounts = new List<AccountRecord>();
            // The list holds the account asking too: its subaccounts are those it owns.
            await WalkAsync(TwilioRoute.Api("/2010-04-01/Accounts.json", options.GetParams()), root => StudioJson.ApiPage(root, "accounts", StudioJson.Account),
                TwilioRoute.ApiNext, null, page => accounts.AddRange(page.Where(a => a.Sid != _accountSid && a.OwnerAccountSid == _accountSid)),
                cancellation).ConfigureAwait(false);
            return accounts;
        }

        public Task<System.Security.SecureString> FetchSubaccountTokenAsync(string accountSid, CancellationToken cancellation)
            => _route.SendAsync(TwilioRoute.Api($"/2010-04-01/Accounts/{accountSid}.json"), root =>
            {
                if (StudioJson.Text(root, "owner_account_sid") != _accountSid)
                    throw new StudioRequestException($"Account {accountSid} is not a subaccount of {_accountSid}.", null, StudioFailure.WrongAccount, 0, 0, null, accountSid: _accountSid);
                return StudioJson.AuthToken(root) ?? throw new StudioRequestException(
                    $"Twilio did not give the auth token of subaccount {accountSid} to account {_accountSid}.", null, StudioFailure.UnexpectedResponse, 0, 0, null,
                    accountSid: _accountSid);
            }, cancellation);

        public Task<string> GetRevisionDefinitionAsync(string flowSid, int revision, CancellationToken cancellation)
            => _route.SendAsync(TwilioRoute.Get($"/v2/Flows/{flowSid}/Revisions/{revision.ToString(CultureInfo.InvariantCulture)}"), root =>
            {
                CheckAccount(StudioJson.Text(root, "account_sid"));
                return root.TryGetProperty("definition", out var d) ? d.GetRawText() : "null";
            }, cancellation);

        /// <summary>Every answer names its account: one that is not the connection's (an API key with the wrong -AccountSid) stops everything.</summary>
        private void CheckAccount(string? accountSid)
        {
            if (accountSid is null || string.Equals(accountSid, _accountSid, StringComparison.Ordinal)) return;
            throw new StudioRequestException($"Twilio answered for account {accountSid}, but this connection is for account {_accountSid}.",
                null, StudioFailure.WrongAccount, 0, 0, null, accountSid: _accountSid);
        }

        private FlowRecord Checked(FlowRecord f) { CheckAccount(f.AccountSid); return f; }

        private ExecutionRecord Checked(ExecutionRecord e) { CheckAccount(e.AccountSid); return e; }

        private IReadOnlyList<T> Checked<T>(IReadOnlyList<T> items, Func<T, string?> account)
        {
            foreach (var item in items) CheckAccount(account(item));
            return items;
        }
    }
}
