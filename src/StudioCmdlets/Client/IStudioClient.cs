namespace StudioCmdlets.Client
{
    /// <summary>
    /// Everything the cmdlets ask of Studio. Implemented in StudioCmdlets.Engine, over Twilio's client; failures
    /// come back as <see cref="Errors.StudioRequestException"/>, so no Twilio type crosses into this assembly.
    /// </summary>
    internal interface IStudioClient
    {
        /// <summary>One small request that fails with 401 when the credentials are wrong.</summary>
        Task VerifyAsync(CancellationToken cancellation);
        /// <summary>Every flow of the account (all pages), remembered for their names.</summary>
        Task<IReadOnlyList<StudioFlow>> ListFlowsAsync(CancellationToken cancellation);
        /// <summary>One flow as Studio has it now, with its definition.</summary>
        Task<StudioFlow> FetchFlowAsync(string flowSid, CancellationToken cancellation);
        /// <summary>The flow (name, creation date) from what this process has seen, else one request.</summary>
        Task<StudioFlow> FlowAsync(string flowSid, CancellationToken cancellation);
        /// <summary>The flow's name if this process has seen it (no request).</summary>
        string? KnownFlowName(string flowSid);
        /// <summary>The first page of a flow's executions (newest first), status and dates filtered by Studio.</summary>
        Task<ExecutionPage> FirstExecutionPageAsync(string flowSid, StudioExecutionStatus? status, DateTimeOffset? createdFrom, DateTimeOffset? createdTo,
            CancellationToken cancellation);
        /// <summary>The page after <paramref name="page"/>, following Studio's next_page_url.</summary>
        Task<ExecutionPage> NextExecutionPageAsync(ExecutionPage page, CancellationToken cancellation);
        Task<StudioExecution> GetExecutionAsync(string flowSid, string executionSid, CancellationToken cancellation);
        /// <summary>
        /// Ends an execution (Status=ended). Studio answers 409 for one already ended: that is read back and
        /// reported as already ended, or as ended by this call when an earlier attempt's answer was lost.
        /// <paramref name="sending"/> is called once, just before the request first goes on the wire (after any wait
        /// for a place among the requests in flight): from then on it may have ended the execution.
        /// </summary>
        Task<EndOutcome> EndExecutionAsync(string flowSid, string executionSid, CancellationToken cancellation, Action? sending = null);
        /// <summary>
        /// Starts an execution for a contact (Studio's REST trigger). Never repeated blindly: when the outcome is
        /// unknown (a lost answer, a 5xx), the contact's active execution in the flow is looked up instead.
        /// </summary>
        Task<CreateOutcome> CreateExecutionAsync(string flowSid, string to, string from, string? parametersJson, CancellationToken cancellation);
        Task DeleteExecutionAsync(string flowSid, string executionSid, CancellationToken cancellation);
        /// <summary>An execution's steps, oldest first, the latest one marked.</summary>
        Task<IReadOnlyList<StudioExecutionStep>> GetStepsAsync(string flowSid, string executionSid, CancellationToken cancellation);
        /// <summary>An execution's context, or one step's when <paramref name="stepSid"/> is given; the context stays Studio's JSON text.</summary>
        Task<StudioExecutionContext> GetContextAsync(string flowSid, string executionSid, string? stepSid, CancellationToken cancellation);
        /// <summary>The definition (Studio's JSON) of one revision of a flow: the one an execution runs.</summary>
        Task<string> GetRevisionDefinitionAsync(string flowSid, int revision, CancellationToken cancellation);
        /// <summary>
        /// Saves a definition as the flow's next revision (draft, or published), with a commit message; answers the flow as
        /// it is then. Revisions are immutable: this never changes an earlier one, nor executions already running.
        /// </summary>
        Task<StudioFlow> UpdateFlowAsync(string flowSid, bool publish, string definitionJson, string commitMessage, CancellationToken cancellation);
        /// <summary>
        /// The subaccounts of this connection's account (Twilio's 2010 Accounts API, every page, the parent itself left
        /// out), of one status or all. Takes the parent's auth token or a Main API key.
        /// </summary>
        Task<IReadOnlyList<StudioSubaccount>> ListSubaccountsAsync(StudioSubaccountStatus? status, CancellationToken cancellation);
        /// <summary>A subaccount's auth token, read with this (the parent's) connection: as a secret, never as text.</summary>
        Task<System.Security.SecureString> FetchSubaccountTokenAsync(string accountSid, CancellationToken cancellation);
        /// <summary>Asks Studio whether it would take a definition (Flow Validate); a refusal (81022) fails with each problem in the message.</summary>
        Task ValidateFlowAsync(string friendlyName, string definitionJson, CancellationToken cancellation);
    }
}
