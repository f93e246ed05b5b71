using System.Collections.Concurrent;
using System.Security;
using StudioCmdlets.Contract;

namespace StudioCmdlets.Client
{
    /// <summary>
    /// Everything the cmdlets ask of Twilio, for one account, in the module's own types: each call is the contract's
    /// <see cref="IStudioEngine"/> call of that name (where its semantics are described), its records made into output
    /// types (<see cref="Records"/>); failures come back as <see cref="StudioRequestException"/>, so no Twilio type
    /// crosses into this assembly. What is the module's and not Twilio's lives here: the flows seen so far (so
    /// executions name their flow without a request per flow), and steps in the order they happened, the latest marked.
    /// </summary>
    internal sealed partial class StudioClient
    {
        // Flows by account and SID, for the whole process: listings name their flows, and know how far back they go.
        private static readonly ConcurrentDictionary<string, StudioFlow> Flows = new ConcurrentDictionary<string, StudioFlow>(StringComparer.Ordinal);

        private readonly IStudioEngine _engine;
        private readonly string _accountSid;

        public StudioClient(IStudioEngine engine, string accountSid)
        {
            _engine = engine;
            _accountSid = accountSid;
        }

        public Task VerifyAsync(CancellationToken cancellation) => _engine.VerifyAsync(cancellation);

        /// <summary>Every flow of the account, remembered for their names.</summary>
        public async Task<IReadOnlyList<StudioFlow>> ListFlowsAsync(CancellationToken cancellation)
            => (await _engine.ListFlowsAsync(cancellation).ConfigureAwait(false)).Select(f => Remember(Records.Flow(f))).ToList();

        public async Task<StudioFlow> FetchFlowAsync(string flowSid, CancellationToken cancellation)
            => Remember(Records.Flow(await _engine.FetchFlowAsync(flowSid, cancellation).ConfigureAwait(false)));

        /// <summary>The flow (name, creation date) from what this process has seen, else one request.</summary>
        public Task<StudioFlow> FlowAsync(string flowSid, CancellationToken cancellation)
            => Flows.TryGetValue(Key(flowSid), out var flow) ? Task.FromResult(flow) : FetchFlowAsync(flowSid, cancellation);

        /// <summary>The flow's name if this process has seen it (no request).</summary>
        public string? KnownFlowName(string flowSid) => Flows.TryGetValue(Key(flowSid), out var flow) ? flow.FriendlyName : null;

        public async Task<ExecutionPage> FirstExecutionPageAsync(string flowSid, StudioExecutionStatus? status, DateTimeOffset? createdFrom, DateTimeOffset? createdTo,
            CancellationToken cancellation)
            => Page(await _engine.FirstExecutionPageAsync(flowSid, Records.Word(status), createdFrom, createdTo, cancellation).ConfigureAwait(false));

        /// <summary>The page after <paramref name="page"/>.</summary>
        public async Task<ExecutionPage> NextExecutionPageAsync(ExecutionPage page, CancellationToken cancellation)
            => Page(await _engine.NextExecutionPageAsync(page.NextUrl ?? throw new InvalidOperationException("No next page."), cancellation).ConfigureAwait(false));

        public async Task<StudioExecution> GetExecutionAsync(string flowSid, string executionSid, CancellationToken cancellation)
            => Named(await _engine.GetExecutionAsync(flowSid, executionSid, cancellation).ConfigureAwait(false), flowSid);

        public async Task<EndOutcome> EndExecutionAsync(string flowSid, string executionSid, CancellationToken cancellation, Action? sending = null)
        {
            var ended = await _engine.EndExecutionAsync(flowSid, executionSid, cancellation, sending).ConfigureAwait(false);
            return new EndOutcome(Named(ended.Execution, flowSid), ended.AlreadyEnded);
        }

        public async Task<CreateOutcome> CreateExecutionAsync(string flowSid, string to, string from, string? parametersJson, CancellationToken cancellation)
        {
            var created = await _engine.CreateExecutionAsync(flowSid, to, from, parametersJson, cancellation).ConfigureAwait(false);
            return new CreateOutcome(Named(created.Execution, flowSid), created.LostAnswer);
        }

        public Task DeleteExecutionAsync(string flowSid, string executionSid, CancellationToken cancellation)
            => _engine.DeleteExecutionAsync(flowSid, executionSid, cancellation);

        /// <summary>An execution's steps, oldest first, the latest one marked, each with the widget it entered.</summary>
        public async Task<IReadOnlyList<StudioExecutionStep>> GetStepsAsync(string flowSid, string executionSid, CancellationToken cancellation)
        {
            var flowName = KnownFlowName(flowSid);
            var steps = (await _engine.GetStepsAsync(flowSid, executionSid, cancellation).ConfigureAwait(false)).Select(s => Records.Step(s, flowName, _accountSid)).ToList();
            // Studio lists newest first; a stable sort on time keeps same-second steps in the order they happened.
            steps.Reverse();
            var ordered = steps.OrderBy(s => s.DateCreated).ToList();
            if (ordered.Count > 0) ordered[ordered.Count - 1].IsLatest = true;
            // A step's type is the widget it left; the widget it entered is the one the next step leaves.
            for (var i = 0; i + 1 < ordered.Count; i++) ordered[i].WidgetType = ordered[i + 1].TransitionedFromType;
            return ordered;
        }

        public async Task<StudioExecutionContext> GetContextAsync(string flowSid, string executionSid, string? stepSid, CancellationToken cancellation)
            => Records.Context(await _engine.GetContextAsync(flowSid, executionSid, stepSid, cancellation).ConfigureAwait(false));

        public Task<string> GetRevisionDefinitionAsync(string flowSid, int revision, CancellationToken cancellation)
            => _engine.GetRevisionDefinitionAsync(flowSid, revision, cancellation);

        public async Task<StudioFlow> UpdateFlowAsync(string flowSid, bool publish, string definitionJson, string commitMessage, CancellationToken cancellation)
            => Remember(Records.Flow(await _engine.UpdateFlowAsync(flowSid, publish, definitionJson, commitMessage, cancellation).ConfigureAwait(false)));

        public async Task<IReadOnlyList<StudioSubaccount>> ListSubaccountsAsync(StudioSubaccountStatus? status, CancellationToken cancellation)
            => (await _engine.ListSubaccountsAsync(Records.Word(status), cancellation).ConfigureAwait(false)).Select(Records.Subaccount).ToList();

        public Task<SecureString> FetchSubaccountTokenAsync(string accountSid, CancellationToken cancellation)
            => _engine.FetchSubaccountTokenAsync(accountSid, cancellation);

        public Task ValidateFlowAsync(string friendlyName, string definitionJson, CancellationToken cancellation)
            => _engine.ValidateFlowAsync(friendlyName, definitionJson, cancellation);

        private ExecutionPage Page(ExecutionPageRecord page) => new ExecutionPage(page.Items.Select(Records.Execution).ToList(), page.NextUrl);

        /// <summary>An execution of the flow asked for, named by it when this process has seen it.</summary>
        private StudioExecution Named(ExecutionRecord e, string flowSid) => Records.Execution(e).FillFlowName(KnownFlowName(flowSid));

        private string Key(string flowSid) => _accountSid + "/" + flowSid;

        private StudioFlow Remember(StudioFlow f)
        {
            Flows[Key(f.Sid)] = f;
            return f;
        }
    }
}
