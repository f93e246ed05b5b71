using System.IO;
using System.Text;

namespace StudioCmdlets.Commands
{
    /// <summary>Repair-StudioFlow. Its help, the one source of its prose, is module/help/Repair-StudioFlow.md.</summary>
    [Cmdlet(VerbsDiagnostic.Repair, "StudioFlow", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Repair-StudioFlow.md",
        SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByFlow)]
    [OutputType(typeof(StudioFlowRepair))]
    public sealed class RepairStudioFlowCommand : StudioCmdlet
    {
        private readonly FlowWriter _writer;

        /// <summary>A cmdlet that writes flow revisions, through the one writer that does.</summary>
        public RepairStudioFlowCommand() => _writer = new FlowWriter(this);

        private const string ByFlow = "ByFlow";
        private const string ByPath = "ByPath";
        // The rules a repair answers: none of them may stay above Info in the repaired definition.
        private static readonly string[] RepairedRules = { "LongWait", "WaitInLoop", "TimeoutIntoWait", "NoConcurrentCalls" };
        private readonly HashSet<string> _done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByFlow, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(FlowCompleter))]
        [CleanSid]
        public string FlowSid { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ByFlow)]
        [Alias("account_sid")]
        [CleanSid]
        public string? AccountSid { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ByPath, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [SupportsWildcards]
        public string[] Path { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, ParameterSetName = ByPath)]
        [AllowEmptyString]
        [AllowNull]
        public string Destination { get; set; } = "";

        [Parameter]
        public TimeSpan MaxWait { get; set; } = StudioCatalogue.DefaultMaxWait;

        [Parameter]
        [ValidateRange(1, 20)]
        public int MaxAttempts { get; set; } = 3;

        [Parameter]
        public string? ExitTo { get; set; }

        [Parameter(ParameterSetName = ByFlow)]
        public SwitchParameter Publish { get; set; }

        [Parameter(ParameterSetName = ByFlow)]
        [ValidateRange(1, int.MaxValue)]
        public int Revision { get; set; }

        [Parameter]
        public string? CommitMessage { get; set; }

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            ScopeGiven(true, nameof(FlowSid), nameof(Connection));
            SafetyOptionGiven(nameof(Destination), ErrorIds.EmptyDestination, "repaired files have nowhere to go");
            FlowInput.MaxWaitValid(this, MaxWait);
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByPath)
            {
                foreach (var file in FlowInput.Files(this, Path)) RepairFile(file);
                return;
            }
            var account = AccountSid;
            AccountSid = null; // bound from one piped object, it must not stay for the next
            if (!ScopeGiven(false, nameof(FlowSid)) || !CheckSid(FlowSid, SidKind.Flow, nameof(FlowSid))) return;
            // A subaccount's flow is read, validated and written with that subaccount's own credentials.
            if (!UseAccount(account, FlowSid, "repaired", "Flow")) return;
            // Findings of one flow arrive many at a time: the flow is repaired once.
            if (_done.Add(FlowSid)) RepairFlow(FlowSid);
        }

        private void RepairFlow(string sid)
        {
            var client = Client;
            if (!TryRequest(t => client.FetchFlowAsync(sid, t), SidKind.Flow, $"reading flow {sid}", sid, out var flow)) return;
            var output = new StudioFlowRepair { FlowSid = sid, FlowName = flow.FriendlyName, RevisionBefore = flow.Revision, AccountSid = flow.AccountSid };
            // A draft this module wrote (a repair, a restore) is repaired on; anyone else's is theirs until named.
            if (flow.Status == "draft" && Revision != flow.Revision && !FlowWriter.WrittenByModule(flow.CommitMessage))
            {
                _writer.Refuse(output, ErrorIds.StudioFlowDraftPending, ErrorCategory.ResourceBusy, sid,
                    $"The latest revision of flow '{flow.FriendlyName}', {flow.Revision}, is an unpublished draft{Saying(flow.CommitMessage)} (someone's work in progress): nothing was repaired.",
                    $"To repair that draft itself, name it: -Revision {flow.Revision}. To repair the published flow, publish or discard the draft in the Studio canvas first.");
                return;
            }
            if (Revision > 0 && Revision != flow.Revision)
            {
                _writer.Refuse(output, ErrorIds.StudioFlowChanged, ErrorCategory.ResourceUnavailable, sid,
                    $"-Revision {Revision} is not the latest revision of flow '{flow.FriendlyName}' ({flow.Revision}): nothing was repaired.",
                    $"Leave out -Revision to repair the latest ({flow.Revision}), or bring the one you mean back first: Restore-StudioFlow -FlowSid {sid} -Revision {Revision}.");
                return;
            }
            if (!Repaired(output, flow.DefinitionText.Json, sid, out var text, out _)) return;
            var action = Publish ? $"Publish the repaired definition as revision {flow.Revision + 1}" : $"Save the repaired definition as draft revision {flow.Revision + 1}";
            if (!Approve($"flow '{flow.FriendlyName}' ({sid}), revision {flow.Revision}: {Describe(output.Changes)}", action, false))
            {
                _writer.NotApproved(output);
                return;
            }
            try { Guarded(() => client.ValidateFlowAsync(flow.FriendlyName, text, Cancellation).GetAwaiter().GetResult()); }
            catch (StudioRequestException ex) when (ex.TwilioCode == 81022)
            {
                _writer.Refuse(output, ErrorIds.StudioFlowInvalid, ErrorCategory.InvalidData, sid, $"Studio refuses the repaired definition of '{flow.FriendlyName}' ({ex.Message}): nothing was written.",
                    "Report it with the flow's definition; repair it in the canvas meanwhile.");
                return;
            }
            catch (StudioRequestException ex)
            {
                Report(ex, SidKind.Flow, $"validating the repaired definition of flow {sid}", sid);
                return;
            }
            var message = FlowWriter.RepairMark + (CommitMessage ?? $"{string.Join(", ", output.Changes.Select(c => c.Rule).Distinct())} (MaxWait {Durations.Short(MaxWait)})");
            _writer.WriteRevision(client, flow, output, Publish, text, message, "repaired", "Run the repair again: it starts from the new revision.");
        }

        private static string Saying(string? commitMessage) => string.IsNullOrWhiteSpace(commitMessage) ? "" : $" ('{commitMessage}')";

        private void RepairFile(string file)
        {
            var output = new StudioFlowRepair { FlowName = System.IO.Path.GetFileNameWithoutExtension(file), Path = file };
            string json;
            try { json = File.ReadAllText(file); }
            catch (IOException ex)
            {
                WriteError(StudioErrors.Record(ex, ErrorIds.FlowFileUnreadable, ErrorCategory.ReadError, file));
                return;
            }
            string folder;
            try { folder = GetUnresolvedProviderPathFromPSPath(Destination); }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is ItemNotFoundException)
            {
                ThrowTerminatingError(StudioErrors.Record(ex, ErrorIds.DestinationNotWritable, ErrorCategory.WriteError, Destination));
                return;
            }
            var target = System.IO.Path.Combine(folder, System.IO.Path.GetFileName(file));
            if (string.Equals(System.IO.Path.GetFullPath(target), System.IO.Path.GetFullPath(file), StringComparison.Ordinal))
            {
                _writer.Refuse(output, ErrorIds.DestinationIsSource, ErrorCategory.InvalidArgument, file, $"-Destination would overwrite {file} itself: the original is the way back, so nothing was written.",
                    "Give -Destination another folder.");
                return;
            }
            if (!Repaired(output, json, file, out _, out var document)) return;
            if (!Approve($"{target}: {Describe(output.Changes)}", "Write the repaired definition", false))
            {
                _writer.NotApproved(output);
                return;
            }
            try
            {
                Directory.CreateDirectory(folder);
                File.WriteAllText(target, document, new UTF8Encoding(false));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                WriteError(StudioErrors.Record(ex, ErrorIds.DestinationNotWritable, ErrorCategory.WriteError, target));
                return;
            }
            output.Result = StudioFlowRepairStatus.Written;
            output.Destination = target;
            WriteObject(output);
        }

        /// <summary>
        /// The repaired definition (compact <paramref name="text"/> for Twilio, the whole indented <paramref name="document"/>
        /// for a file), checked by the audit: true to go on and write it. An unchanged definition is reported Unchanged, one
        /// the repair cannot bring under -MaxWait Refused, each with the output object; false then.
        /// </summary>
        private bool Repaired(StudioFlowRepair output, string? json, object target, out string text, out string document)
        {
            text = document = "";
            System.Text.Json.Nodes.JsonNode repaired;
            IReadOnlyList<StudioFlowChange> changes;
            FlowGraph before;
            try
            {
                before = FlowGraph.Parse(json ?? "");
                (repaired, changes) = FlowRepairer.Repair(json!, MaxWait, MaxAttempts, string.IsNullOrWhiteSpace(ExitTo) ? null : ExitTo!.Trim());
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(StudioErrors.Record(ex, ErrorIds.InvalidExitTo, ErrorCategory.InvalidArgument, ExitTo));
                return false;
            }
            catch (Exception ex) when (ex is FormatException || ex is System.Text.Json.JsonException)
            {
                WriteError(FlowInput.NotAFlowDefinition(output.FlowName, ex, target));
                return false;
            }
            text = FlowRepairer.Text(repaired, indented: false);
            document = FlowRepairer.Text(repaired, indented: true);
            var after = FlowAuditor.Audit(FlowGraph.Parse(text), output.FlowSid, output.FlowName, MaxWait, output.Path);
            output.Changes = new StudioList<StudioFlowChange>(changes.ToArray());
            output.WorstCaseBefore = FlowAuditor.Audit(before, output.FlowSid, output.FlowName, MaxWait, output.Path).WorstCaseBlocked;
            output.WorstCaseAfter = after.WorstCaseBlocked;
            if (changes.Count == 0)
            {
                output.Result = StudioFlowRepairStatus.Unchanged;
                output.Reason = "Nothing in it strands a silent contact for longer than -MaxWait.";
                WriteObject(output);
                return false;
            }
            var left = after.Findings.Where(f => RepairedRules.Contains(f.Rule) && f.Level > StudioFindingSeverity.Info).ToList();
            if (left.Count > 0)
            {
                _writer.Refuse(output, ErrorIds.StudioFlowNotRepaired, ErrorCategory.InvalidResult, target,
                    $"The repaired definition of '{output.FlowName}' still strands contacts ({string.Join("; ", left.Select(f => $"{f.Widget}: {f.Rule}"))}): nothing was written.",
                    "Repair the widgets named in the canvas; Test-StudioFlow says what each one does.");
                return false;
            }
            return true;
        }

        private static string Describe(IEnumerable<StudioFlowChange> changes) => string.Join("; ", changes.Select(c => c.ToString()));
    }
}
