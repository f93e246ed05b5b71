using System.Security;

namespace StudioCmdlets.Contract
{
    /// <summary>
    /// Everything the cmdlets ask of Twilio, for one account: each call one request or a few, its answer read into the
    /// records of this contract, every failure a <see cref="StudioRequestException"/> (cancellation passes as it
    /// is). Every answer that names an account is checked to be of this one (<see cref="StudioFailure.WrongAccount"/>).
    /// Implemented by StudioCmdlets.Engine over Twilio's client, made from <see cref="EngineOptions"/>.
    /// </summary>
    public interface IStudioEngine
    {
        /// <summary>One small request that fails with 401 when the credentials are wrong.</summary>
        Task VerifyAsync(CancellationToken cancellation);
        /// <summary>Every flow of the account (all pages).</summary>
        Task<IReadOnlyList<FlowRecord>> ListFlowsAsync(CancellationToken cancellation);
        /// <summary>One flow as Studio has it now, with its definition.</summary>
        Task<FlowRecord> FetchFlowAsync(string flowSid, CancellationToken cancellation);
        /// <summary>The first page of a flow's executions (newest first), filtered by Studio: <paramref name="status"/> in Twilio's word (active, ended) or null for both.</summary>
        Task<ExecutionPageRecord> FirstExecutionPageAsync(string flowSid, string? status, DateTimeOffset? createdFrom, DateTimeOffset? createdTo, CancellationToken cancellation);
        /// <summary>The page Studio's next_page_url points to.</summary>
        Task<ExecutionPageRecord> NextExecutionPageAsync(string nextUrl, CancellationToken cancellation);
        /// <summary>One execution as Studio has it now.</summary>
        Task<ExecutionRecord> GetExecutionAsync(string flowSid, string executionSid, CancellationToken cancellation);
        /// <summary>
        /// Ends an execution (Status=ended). Studio answers 409 for one already ended: that is read back and reported as
        /// already ended, or as ended by this call when an earlier attempt's answer was lost. <paramref name="sending"/> is
        /// called once, just before the request first goes on the wire (after any wait for a place among the requests in
        /// flight): from then on it may have ended the execution.
        /// </summary>
        Task<EndRecord> EndExecutionAsync(string flowSid, string executionSid, CancellationToken cancellation, Action? sending = null);
        /// <summary>
        /// Starts an execution for a contact (Studio's REST trigger). Never repeated blindly: when the outcome is unknown (a
        /// lost answer, a 5xx), the contact's active execution in the flow is looked up instead.
        /// </summary>
        Task<CreateRecord> CreateExecutionAsync(string flowSid, string to, string from, string? parametersJson, CancellationToken cancellation);
        /// <summary>Deletes an execution and its steps.</summary>
        Task DeleteExecutionAsync(string flowSid, string executionSid, CancellationToken cancellation);
        /// <summary>An execution's steps (all pages), as Studio lists them: newest first.</summary>
        Task<IReadOnlyList<StepRecord>> GetStepsAsync(string flowSid, string executionSid, CancellationToken cancellation);
        /// <summary>An execution's context, or one step's when <paramref name="stepSid"/> is given.</summary>
        Task<ContextRecord> GetContextAsync(string flowSid, string executionSid, string? stepSid, CancellationToken cancellation);
        /// <summary>The definition (Studio's JSON) of one revision of a flow.</summary>
        Task<string> GetRevisionDefinitionAsync(string flowSid, int revision, CancellationToken cancellation);
        /// <summary>Saves a definition as the flow's next revision (draft, or published), with a commit message; answers the flow as it is then.</summary>
        Task<FlowRecord> UpdateFlowAsync(string flowSid, bool publish, string definitionJson, string commitMessage, CancellationToken cancellation);
        /// <summary>Asks Studio whether it would take a definition (Flow Validate); a refusal (81022) fails with each problem in the message.</summary>
        Task ValidateFlowAsync(string friendlyName, string definitionJson, CancellationToken cancellation);
        /// <summary>
        /// The subaccounts of this account (the 2010 Accounts API, every page, the account itself left out), of one status
        /// in Twilio's word (active, suspended, closed) or of all. Takes the parent's auth token or a Main API key.
        /// </summary>
        Task<IReadOnlyList<AccountRecord>> ListSubaccountsAsync(string? status, CancellationToken cancellation);
        /// <summary>A subaccount's auth token, read with this (the parent's) account: as a secret, never as text.</summary>
        Task<SecureString> FetchSubaccountTokenAsync(string accountSid, CancellationToken cancellation);

        /// <summary>A page of the account's conversations (Conversations v1, newest first), filtered by Twilio: <paramref name="state"/> in Twilio's word, creation dates.</summary>
        Task<ConversationPageRecord> ConversationPageAsync(string? state, DateTimeOffset? createdFrom, DateTimeOffset? createdTo, string? nextUrl, CancellationToken cancellation);
        /// <summary>One conversation.</summary>
        Task<ConversationRecord> FetchConversationAsync(string conversationSid, CancellationToken cancellation);
        /// <summary>A conversation's participants (all pages).</summary>
        Task<IReadOnlyList<ParticipantRecord>> ListParticipantsAsync(string conversationSid, CancellationToken cancellation);
        /// <summary>A conversation's scoped webhooks (at most five).</summary>
        Task<IReadOnlyList<ScopedWebhookRecord>> ListScopedWebhooksAsync(string conversationSid, CancellationToken cancellation);
        /// <summary>The conversations a contact is in, by messaging address or by chat identity (ParticipantConversations, all pages).</summary>
        Task<IReadOnlyList<ParticipantConversationRecord>> ListParticipantConversationsAsync(string? address, string? identity, CancellationToken cancellation);
        /// <summary>Closes a conversation (State=closed).</summary>
        Task<ConversationRecord> CloseConversationAsync(string conversationSid, CancellationToken cancellation);
        /// <summary>The account's TaskRouter workspaces' SIDs.</summary>
        Task<IReadOnlyList<string>> ListWorkspacesAsync(CancellationToken cancellation);
        /// <summary>A workspace's tasks of these assignment statuses (all of them when none), or those whose attributes name a conversation.</summary>
        Task<IReadOnlyList<TaskRecord>> ListTasksAsync(string workspaceSid, IReadOnlyList<string> statuses, string? conversationSid, CancellationToken cancellation);
        /// <summary>The chat identities of a workspace's workers (their contact_uri without client:): the agents.</summary>
        Task<IReadOnlyList<string>> ListWorkerIdentitiesAsync(string workspaceSid, CancellationToken cancellation);
        /// <summary>One Flex interaction channel.</summary>
        Task<InteractionChannelRecord> FetchInteractionChannelAsync(string interactionSid, string channelSid, CancellationToken cancellation);
        /// <summary>Closes a Flex interaction channel, its conversation and its tasks (Status=closed, Routing status closed).</summary>
        Task<InteractionChannelRecord> CloseInteractionChannelAsync(string interactionSid, string channelSid, CancellationToken cancellation);
        /// <summary>The account's Conversations configuration: the default timers new conversations get.</summary>
        Task<ConversationSettingsRecord> FetchConversationSettingsAsync(CancellationToken cancellation);
        /// <summary>Sets the account's default timers (ISO 8601 durations; a null one is left as it is); the configuration as Twilio then answers it.</summary>
        Task<ConversationSettingsRecord> UpdateConversationSettingsAsync(string? defaultInactiveTimer, string? defaultClosedTimer, CancellationToken cancellation);
        /// <summary>The account's address configurations (all pages), of one type (sms, whatsapp, ...) or all.</summary>
        Task<IReadOnlyList<AddressConfigurationRecord>> ListAddressConfigurationsAsync(string? type, CancellationToken cancellation);
    }
}
