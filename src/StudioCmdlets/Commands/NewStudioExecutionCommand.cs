using System.Collections;
using System.Text.Json;

namespace StudioCmdlets.Commands
{
    /// <summary>New-StudioExecution. Its help, the one source of its prose, is module/help/New-StudioExecution.md.</summary>
    [Cmdlet(VerbsCommon.New, "StudioExecution", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/New-StudioExecution.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(StudioExecution))]
    public sealed class NewStudioExecutionCommand : StudioCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(FlowCompleter))]
        public string FlowSid { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("ContactAddress")]
        public string To { get; set; } = "";

        [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
        public string From { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("account_sid")]
        [CleanSid]
        public string? AccountSid { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public Hashtable? Parameters { get; set; }

        /// <inheritdoc />
        protected override void BeginProcessing() => ScopeGiven(true, nameof(Connection));

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var account = AccountSid;
            AccountSid = null; // bound from one piped object, it must not stay for the next
            if (!CheckSid(FlowSid, SidKind.Flow, nameof(FlowSid))) return;
            if (!UseAccount(account, FlowSid, "started", "Flow")) return;
            foreach (var (value, name) in new[] { (To, nameof(To)), (From, nameof(From)) })
            {
                if (!string.IsNullOrWhiteSpace(value)) continue;
                WriteError(StudioErrors.Record(new ArgumentException($"-{name} is empty: give a phone number such as +14155550123."), ErrorIds.Empty(name),
                    ErrorCategory.InvalidArgument, value));
                return;
            }
            // The number as Studio keys its contacts (E.164, the channel kept): the cure must reach the contact that is blocked.
            var toAddress = Address.Normalize(To, out var toProblem);
            var fromAddress = Address.Normalize(From, out var fromProblem);
            if (toAddress is null || fromAddress is null)
            {
                var (id, typed, problem) = toAddress is null ? (ErrorIds.InvalidTo, To, toProblem) : (ErrorIds.InvalidFrom, From, fromProblem);
                WriteError(StudioErrors.Record(new ArgumentException(problem), id, ErrorCategory.InvalidArgument, typed, "Give the number in E.164, for example +14155550123."));
                return;
            }
            if (VerboseWanted && (toAddress != To.Trim() || fromAddress != From.Trim())) WriteVerbose($"Sending -To {toAddress} and -From {fromAddress} (as Studio keys contacts).");
            // What follows (the confirmation, the request, the advice on a 409) speaks of the number as sent.
            To = toAddress;
            From = fromAddress;
            var client = Client;
            // The flow's name, for the confirmation and the output's Flow column: from what this process has seen, else
            // one read, which also refuses a flow that does not exist before anything is sent.
            var sid = FlowSid;
            if (!TryRequest(t => client.FlowAsync(sid, t), SidKind.Flow, $"reading flow {sid}", sid, out var flow)) return;
            var flowName = flow.FriendlyName;
            if (!ShouldProcess($"{To} on flow '{flowName}' (from {From})", "Start Studio execution")) return;

            var waited = Guarded(() => CreationRate.For(ItemAccount ?? ActiveConnection.AccountSid).Wait(Cancellation));
            if (waited > TimeSpan.Zero) WriteVerbose($"Waited {waited.TotalMilliseconds:0} ms to stay under {CreationRate.PerSecond} new executions per second.");
            var (flowSid, to, from, parameters) = (FlowSid, To, From, Parameters is null ? null : JsonSerializer.Serialize(Plain(Parameters)));
            if (!TryRequest(t => client.CreateExecutionAsync(flowSid, to, from, parameters, t), SidKind.Execution, $"starting flow {flowSid} for {to}", to,
                    out var outcome, Explain)) return;
            if (outcome.LostAnswer is not null) WriteWarning(outcome.LostAnswer);
            WriteObject(outcome.Execution.FillFlowName(flowName));
        }

        /// <summary>A 409: Twilio names the execution that holds the contact in details.conflicting_execution_sid; say how to end it.</summary>
        private void Explain(ErrorRecord record)
        {
            var failure = StudioErrors.Failure(record.Exception);
            if (failure?.StatusCode != 409) return;
            var blocking = failure.ConflictingExecutionSid;
            var message = blocking is null ? record.Exception.Message : $"{record.Exception.Message} Execution {blocking} still holds {To} in this flow.";
            record.ErrorDetails = new ErrorDetails(message)
            {
                RecommendedAction = blocking is not null
                    ? $"{To} still has execution {blocking} active in this flow. End it first: Stop-StudioExecution -FlowSid {FlowSid} -ExecutionSid {blocking}"
                    : $"{To} still has an active execution in this flow. Find and end it: Get-StudioExecution -FlowSid {FlowSid} -Status Active -ContactAddress '{To}' | Stop-StudioExecution",
            };
        }

        /// <summary>PowerShell values as plain .NET ones, so Twilio's JSON has no PSObject wrappers in it.</summary>
        private static object? Plain(object? value)
        {
            switch (value)
            {
                case null: return null;
                case PSObject ps: return Plain(ps.BaseObject);
                case IDictionary d:
                    var dict = new Dictionary<string, object?>();
                    foreach (DictionaryEntry e in d) dict[Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture) ?? ""] = Plain(e.Value);
                    return dict;
                case string s: return s;
                case IEnumerable list:
                    var items = new List<object?>();
                    foreach (var item in list) items.Add(Plain(item));
                    return items;
                default: return value;
            }
        }
    }
}
