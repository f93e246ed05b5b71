using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace StudioCmdlets.Tests;

/// <summary>
/// A PowerShell host that records what cmdlets write to the host (where -WhatIf text goes) and answers
/// confirmation prompts with a scripted choice.
/// </summary>
public sealed class RecordingHost : PSHost
{
    private readonly RecordingUI _ui = new();
    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override string Name => "RecordingHost";
    public override PSHostUserInterface UI => _ui;
    public override Version Version => new(1, 0);
    public List<string> Lines => _ui.Lines;
    public List<string> Prompts => _ui.Prompts;
    public List<ProgressRecord> Progress => _ui.Progress;
    /// <summary>The label the host picks when asked to confirm ("&amp;Yes", "N", ...): matched on its first letter.</summary>
    public string Answer { get => _ui.Answer; set => _ui.Answer = value; }

    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) { }

    private sealed class RecordingUI : PSHostUserInterface
    {
        public List<string> Lines { get; } = new();
        public List<string> Prompts { get; } = new();
        public List<ProgressRecord> Progress { get; } = new();
        public string Answer { get; set; } = "N";
        public override PSHostRawUserInterface? RawUI => null;

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            lock (Prompts) Prompts.Add(message);
            for (var i = 0; i < choices.Count; i++)
                if (choices[i].Label.Replace("&", "", StringComparison.Ordinal).StartsWith(Answer, StringComparison.OrdinalIgnoreCase)) return i;
            return defaultChoice;
        }

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw new NotSupportedException("no prompts in tests");
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();
        public override string ReadLine() => throw new NotSupportedException();
        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException();
        public override void Write(string value) => Add(value);
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Add(value);
        public override void WriteLine(string value) => Add(value);
        public override void WriteDebugLine(string message) => Add("DEBUG: " + message);
        public override void WriteErrorLine(string value) => Add("ERROR: " + value);
        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
            // Records are reused by their writer: keep a copy of what was shown.
            var copy = new ProgressRecord(record.ActivityId, record.Activity, record.StatusDescription)
            {
                PercentComplete = record.PercentComplete, RecordType = record.RecordType, SecondsRemaining = record.SecondsRemaining,
            };
            lock (Progress) Progress.Add(copy);
        }
        public override void WriteVerboseLine(string message) => Add("VERBOSE: " + message);
        public override void WriteWarningLine(string message) => Add("WARNING: " + message);
        private void Add(string s) { lock (Lines) Lines.Add(s); }
    }
}
