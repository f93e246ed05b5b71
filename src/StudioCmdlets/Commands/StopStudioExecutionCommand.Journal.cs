namespace StudioCmdlets.Commands
{
    /// <summary>
    /// Stop-StudioExecution's record on disk: -JournalPath and -ContextPath opened before any request, the attempts an
    /// earlier run left without an outcome read back before anything new is sent, and the closing word after Ctrl+C.
    /// </summary>
    public sealed partial class StopStudioExecutionCommand
    {
        /// <summary>
        /// Before anything new is sent: every attempt an earlier run journaled without an outcome (a kill, a Ctrl+C with
        /// requests in flight) is read back, one GET each, and its state journaled. Twilio unreachable stops the command
        /// here, with nothing sent.
        /// </summary>
        private void Reconcile(StopJournal journal)
        {
            if (journal.Unresolved.Count == 0) return;
            WriteVerbose($"The journal {journal.Path} has {journal.Unresolved.Count} end request(s) without an outcome; reading each back first.");
            foreach (var attempt in journal.Unresolved)
            {
                if (!UseAccount(attempt.AccountSid, attempt.Sid, "read back"))
                    ThrowTerminatingError(StudioErrors.Record(new InvalidOperationException(
                        $"The journal {journal.Path} has an end request of execution {attempt.Sid} in account {attempt.AccountSid} without an outcome, and this command cannot reach that account: nothing new was sent."),
                        ErrorIds.JournalNotReconciled, ErrorCategory.ResourceUnavailable, attempt.Sid, "List the account's subaccounts first (Get-StudioSubaccount) in the same session, or run the command with that account's connection."));
                var client = Client;
                StudioExecution? now = null;
                var found = TryRequest<bool>(async t =>
                {
                    try { now = await client.GetExecutionAsync(attempt.FlowSid, attempt.Sid, t).ConfigureAwait(false); }
                    catch (StudioRequestException ex) when (ex.StatusCode == 404) { now = null; }
                    return true;
                }, SidKind.Execution, $"reading back execution {attempt.Sid}, attempted by an earlier run", attempt.Sid, out _);
                if (!found)
                    ThrowTerminatingError(StudioErrors.Record(new InvalidOperationException(
                        $"The journal {journal.Path} has an end request of execution {attempt.Sid} without an outcome, and it could not be read back: nothing new was sent."),
                        ErrorIds.JournalNotReconciled, ErrorCategory.ResourceUnavailable, attempt.Sid, "Run the same command again once Twilio answers."));
                _ledger!.Reconcile(attempt, now);
                if (VerboseWanted) WriteVerbose($"Read back {attempt.Sid}: {(now is null ? "Studio no longer has it" : now.IsActive ? "still active" : "ended")}.");
            }
        }

        private string? OpenContextFolder() => OpenForWriting(ContextPath, path =>
        {
            if (System.IO.File.Exists(path)) throw new System.IO.IOException($"'{path}' is a file; -ContextPath takes a folder (it is created if missing).");
            System.IO.Directory.CreateDirectory(path);
            return path;
        }, ErrorIds.ContextPathNotWritable, "Give -ContextPath a folder that can be created and written.");

        private StopJournal? OpenJournal()
            => OpenForWriting(JournalPath, path => new StopJournal(path, _runId), ErrorIds.JournalNotWritable, "Give -JournalPath a file that can be written.");

        /// <summary>What -JournalPath or -ContextPath names, opened before any request; one that cannot be written stops the command.</summary>
        private T? OpenForWriting<T>(string? given, Func<string, T> open, string errorId, string advice) where T : class
        {
            if (string.IsNullOrEmpty(given)) return null;
            try
            {
                return open(GetUnresolvedProviderPathFromPSPath(given));
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is ArgumentException)
            {
                ThrowTerminatingError(StudioErrors.Record(ex, errorId, ErrorCategory.WriteError, given, advice));
                return null;
            }
        }

        /// <summary>
        /// Stopped (Ctrl+C): end requests already sent may have ended their executions, and their answers will never be
        /// read. The journal has each as Attempted; the closing message counts them, on the host, since the pipeline is gone.
        /// </summary>
        private void SayWhatWasInFlight()
        {
            var unknown = _ledger!.Unknown;
            var text = $"Stop-StudioExecution was stopped: {_ledger.Describe()}; {unknown} end request(s) were in flight, their outcome unknown" +
                (_ledger.JournalPath is null
                    ? " (Get-StudioExecution -Status Active shows which are still active)."
                    : $" (journaled as Attempted in {_ledger.JournalPath}: run the same command with the same -JournalPath and it reads each back first).");
            try { Host?.UI?.WriteWarningLine(text); }
            catch (Exception ex) when (ex is System.Management.Automation.Host.HostException || ex is NotImplementedException || ex is InvalidOperationException) { }
        }
    }
}
