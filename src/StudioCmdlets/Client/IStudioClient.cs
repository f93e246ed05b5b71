using System.Collections.Generic;
using System.Threading.Tasks;
using StudioCmdlets.Model;

namespace StudioCmdlets.Client
{
    /// <summary>
    /// Everything the cmdlets ask of Studio. Implemented in StudioCmdlets.Engine, over Twilio's client; failures
    /// come back as <see cref="Errors.StudioRequestException"/>, so no Twilio type crosses into this assembly.
    /// </summary>
    internal interface IStudioClient
    {
        /// <summary>One small request that fails with 401 when the credentials are wrong.</summary>
        void Verify();
        IEnumerable<StudioFlow> ListFlows();
        StudioFlow GetFlow(string flowSid);
        /// <summary>The flow's name, from what this process has already seen, else one request.</summary>
        string FlowName(string flowSid);
        /// <summary>The flow's name if this process has seen it (no request).</summary>
        string? KnownFlowName(string flowSid);
        /// <summary>The flow (name, creation date) from what this process has seen, else one request.</summary>
        Task<StudioFlow> FlowAsync(string flowSid);
        /// <summary>The first page of a flow's executions (newest first), status and dates filtered by Studio.</summary>
        Task<ExecutionPage> FirstExecutionPageAsync(string flowSid, StudioExecutionStatus? status, System.DateTimeOffset? createdFrom, System.DateTimeOffset? createdTo);
        /// <summary>The page after <paramref name="page"/>, following Studio's next_page_url.</summary>
        Task<ExecutionPage> NextExecutionPageAsync(ExecutionPage page);
        StudioExecution GetExecution(string flowSid, string executionSid);
        Task<StudioExecution> GetExecutionAsync(string flowSid, string executionSid);
        /// <summary>
        /// Ends an execution (Status=ended). Studio answers 409 for one already ended: that is read back and
        /// reported as already ended, or as ended by this call when an earlier attempt's answer was lost.
        /// </summary>
        Task<EndOutcome> EndExecutionAsync(string flowSid, string executionSid);
        /// <summary>
        /// Starts an execution for a contact (Studio's REST trigger). Never repeated blindly: when the outcome is
        /// unknown (a lost answer, a 5xx), the contact's active execution in the flow is looked up instead.
        /// </summary>
        CreateOutcome CreateExecution(string flowSid, string to, string from, object? parameters);
        Task DeleteExecutionAsync(string flowSid, string executionSid);
        /// <summary>An execution's steps, oldest first, the latest one marked.</summary>
        Task<IReadOnlyList<StudioExecutionStep>> GetStepsAsync(string flowSid, string executionSid);
        Task<StudioExecutionContext> GetContextAsync(string flowSid, string executionSid);
        /// <summary>The execution's context as Studio's JSON text, to keep before ending the execution.</summary>
        Task<string> GetContextJsonAsync(string flowSid, string executionSid);
        Task<StudioExecutionContext> GetStepContextAsync(string flowSid, string executionSid, string stepSid);
        /// <summary>The definition (Studio's JSON) of one revision of a flow: the one an execution runs.</summary>
        Task<string> GetRevisionDefinitionAsync(string flowSid, int revision);
    }
}
