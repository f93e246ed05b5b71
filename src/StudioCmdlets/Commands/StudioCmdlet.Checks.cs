namespace StudioCmdlets.Commands
{
    /// <summary>What every Studio cmdlet checks before a request goes out, and how it asks before a change.</summary>
    public abstract partial class StudioCmdlet
    {
        /// <summary>
        /// Refuses a scope parameter that was given but holds nothing ($null, '', @(), only blanks): left out, such a
        /// parameter means "all", and an empty variable (a lookup that found nothing) must never become "all".
        /// Call from BeginProcessing with <paramref name="terminating"/> (values from the command line stop the
        /// command before any request) and from ProcessRecord without it (a piped item's empty value fails that item).
        /// </summary>
        internal bool ScopeGiven(bool terminating, params string[] parameters)
        {
            foreach (var parameter in parameters)
            {
                if (!MyInvocation.BoundParameters.TryGetValue(parameter, out var value) || !IsEmpty(value)) continue;
                var record = StudioErrors.Record(new ArgumentException(
                    $"-{parameter} was given, but it is empty ($null, '' or @()): nothing was done. Left out, -{parameter} would mean all; " +
                    "an empty value usually means an earlier lookup found nothing (a misspelt name, a formatted number), so check the variable.", parameter),
                    ErrorIds.Empty(parameter), ErrorCategory.InvalidArgument, parameter,
                    $"Give -{parameter} a value, or leave it out to mean all.");
                if (terminating) ThrowTerminatingError(record);
                WriteError(record);
                return false;
            }
            return true;
        }

        /// <summary>
        /// Refuses a safety option that was given but holds nothing ($null, '', only blanks): left out, there is no
        /// journal or no backup, which the user chose; given empty (a mistyped variable), it must never silently turn
        /// the safety off. Called from BeginProcessing, so it stops the command before any request.
        /// </summary>
        internal void SafetyOptionGiven(string parameter, string errorId, string without)
        {
            if (!MyInvocation.BoundParameters.TryGetValue(parameter, out var value) || !IsEmpty(value)) return;
            ThrowTerminatingError(StudioErrors.Record(new ArgumentException(
                $"-{parameter} was given, but it is empty ($null, '' or only blanks): nothing was done. Left out, {without}; " +
                "an empty value usually means a mistyped variable, so check it.", parameter),
                errorId, ErrorCategory.InvalidArgument, parameter,
                $"Give -{parameter} a path, or leave it out if you mean {without.Replace("there is ", "")}."));
        }

        /// <summary>What to do with the rows of a ';'-separated file: the recommended action of each row's error.</summary>
        internal const string DelimiterFix = "Import the file with its delimiter: Import-Csv x.csv -Delimiter ';'";

        /// <summary>Whether -Delimiter ';' was suggested already: once per command, not once per row.</summary>
        private bool _delimiterHinted;

        /// <summary>
        /// Says once per command (each row has its own error) that the rows piped in come from a file saved with ';'
        /// between columns, which Import-Csv read as one column whose name holds the others.
        /// </summary>
        internal void HintDelimiter()
        {
            if (_delimiterHinted) return;
            _delimiterHinted = true;
            WriteWarning("The rows piped in have one column whose name holds semicolons: the file was saved with ';' between columns (Excel in many languages does). Import it with Import-Csv -Delimiter ';'.");
        }

        /// <summary>Stops the command, before any request, when one of these durations (a threshold, a window) is negative.</summary>
        internal void NotNegative(params (TimeSpan Value, string Name, string ErrorId)[] durations)
        {
            foreach (var (value, name, id) in durations)
            {
                if (value >= TimeSpan.Zero) continue;
                ThrowTerminatingError(StudioErrors.Record(new ArgumentException($"-{name} cannot be negative (got {value})."), id, ErrorCategory.InvalidArgument, value));
            }
        }

        private static bool IsEmpty(object? value)
        {
            if (value is PSObject ps) value = ps.BaseObject;
            switch (value)
            {
                case null: return true;
                case string s: return string.IsNullOrWhiteSpace(s);
                case System.Collections.IEnumerable list:
                    foreach (var item in list) if (!IsEmpty(item)) return false;
                    return true;
                default: return false;
            }
        }

        /// <summary>
        /// Every write goes to the account the user meant: the execution's own (the connection's, or a subaccount listed
        /// for it, whose client <see cref="Client"/> then is); any other is refused with an error (no request), and false returned.
        /// </summary>
        internal bool InThisAccount(StudioExecution execution, string what) => UseAccount(execution.AccountSid, execution.Sid, what, "Execution");

        /// <summary>Checks a SID before any request; writes the error and returns false when it is wrong.</summary>
        internal bool CheckSid(string? value, SidKind kind, string parameter)
        {
            var problem = Sid.Problem(value, kind, parameter);
            if (problem is null) return true;
            WriteError(StudioErrors.Record(new ArgumentException(problem), ErrorIds.InvalidSid(kind),
                ErrorCategory.InvalidArgument, value));
            return false;
        }

        private bool? _verboseWanted;

        /// <summary>Whether verbose text is shown (-Verbose or $VerbosePreference), so per-item text is built only then.</summary>
        internal bool VerboseWanted => _verboseWanted ??= MyInvocation.BoundParameters.TryGetValue("Verbose", out var v)
            ? (v is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(v))
            : !Equals(GetVariableValue("VerbosePreference"), ActionPreference.SilentlyContinue) && GetVariableValue("VerbosePreference") is not null;

        /// <summary>The effective -WhatIf, whether given to this cmdlet or inherited through $WhatIfPreference.</summary>
        internal bool WhatIfInEffect
        {
            get
            {
                if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var v)) return v is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(v);
                return LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
            }
        }

        /// <summary>
        /// ShouldProcess that never hangs or crashes a non-interactive host: where a prompt would be needed
        /// and none can be shown, it stops with an error that says how to run unattended.
        /// </summary>
        internal bool Approve(string target, string action, bool force)
        {
            if (force && !MyInvocation.BoundParameters.ContainsKey("Confirm"))
                return !WhatIfInEffect || ShouldProcess(target, action);
            try
            {
                return ShouldProcess(target, action);
            }
            catch (Exception ex) when (ex is PSInvalidOperationException || ex is System.Management.Automation.Host.HostException)
            {
                ThrowTerminatingError(StudioErrors.Record(
                    new InvalidOperationException($"{MyInvocation.MyCommand.Name} needs confirmation, but this host cannot prompt ({ex.Message}). " +
                        "To run unattended, add -Confirm:$false (or -Force); to rehearse, add -WhatIf.", ex),
                    ErrorIds.ConfirmationNotPossible, ErrorCategory.InvalidOperation, target));
                return false;
            }
        }
    }
}
