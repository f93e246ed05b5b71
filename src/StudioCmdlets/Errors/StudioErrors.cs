namespace StudioCmdlets.Errors
{
    /// <summary>
    /// Turns what went wrong with a request into an ErrorRecord a script can act on: a stable error id,
    /// the category that fits the HTTP status, the SID as target, and Twilio's code and link in the text.
    /// </summary>
    internal static class StudioErrors
    {
        /// <summary>Errors after which no further request can succeed (bad credentials): the cmdlet stops.</summary>
        public static bool IsFatal(ErrorRecord record)
            => record.CategoryInfo.Category == ErrorCategory.PermissionDenied || record.CategoryInfo.Category == ErrorCategory.AuthenticationError;

        /// <summary>The request failure behind <paramref name="ex"/>, if there is one.</summary>
        public static StudioRequestException? Failure(Exception? ex)
        {
            for (var e = ex; e is not null; e = e.InnerException)
                if (e is StudioRequestException r) return r;
            return ex is AggregateException agg && agg.InnerExceptions.Count == 1 ? Failure(agg.InnerExceptions[0]) : null;
        }

        /// <param name="ex">What the request threw.</param>
        /// <param name="resource">What was asked for (a flow, an execution, a step, an account): it picks the error id of a 404 or 409.</param>
        /// <param name="action">What was being done, for the message: "ending execution FN...".</param>
        /// <param name="target">The SID, as the record's target object.</param>
        public static ErrorRecord From(Exception ex, Client.SidKind resource, string action, object target)
        {
            var f = Failure(ex);
            if (f is null)
            {
                // Not a failure of Twilio or of the network (those arrive as StudioRequestException): a bug here. It gets
                // its own kind, so it is never counted towards "Twilio looks dead", and keeps the exception for the report.
                var root = ex;
                while (root.InnerException is not null) root = root.InnerException;
                return Record(new StudioRequestException($"Failed {action}: an internal error in StudioCmdlets ({root.GetType().Name}: {root.Message}). This is a fault in the module, not Twilio's or the network's.",
                        ex, StudioFailure.Internal, 0, 0, null),
                    ErrorIds.StudioInternalError, ErrorCategory.NotSpecified, target,
                    "Report it with the output of $Error[0].Exception.ToString() at https://github.com/studiocmdlets/StudioCmdlets/issues; the other items were not affected.");
            }
            switch (f.Failure)
            {
                case StudioFailure.UnexpectedResponse:
                    return Record(Wrap(f, $"Failed {action}: the endpoint answered with something other than Twilio's JSON ({f.Message})."),
                        ErrorIds.StudioUnexpectedResponse, ErrorCategory.InvalidResult, target,
                        "A proxy, firewall or load balancer between here and Twilio answered instead of Twilio: check it, and the endpoint (Get-StudioAccount).");
                case StudioFailure.Timeout:
                    return Record(Wrap(f, $"Failed {action}: {f.Message}"), ErrorIds.StudioRequestTimeout, ErrorCategory.OperationTimeout, target,
                        "Check the network path to Twilio (or the endpoint), then retry; -TimeoutSec on Connect-StudioAccount sets the limit.");
                case StudioFailure.WrongAccount:
                    return Record(Wrap(f, $"Failed {action}: {f.Message}"), ErrorIds.StudioAccountMismatch, ErrorCategory.PermissionDenied, target,
                        "Give Connect-StudioAccount -AccountSid the account the API key belongs to (Get-StudioAccount shows the one in use).");
                case StudioFailure.NotSent:
                    return Record(Wrap(f, $"Not attempted {action}: {f.Message}"), ErrorIds.StudioRequestNotSent, ErrorCategory.OperationStopped, target);
                case StudioFailure.Internal:
                    return Record(f, ErrorIds.StudioInternalError, ErrorCategory.NotSpecified, target,
                        "Report it with the output of $Error[0].Exception.ToString() at https://github.com/studiocmdlets/StudioCmdlets/issues; the other items were not affected.");
                case StudioFailure.Unreachable:
                    return Record(Wrap(f, $"Failed {action}: could not reach Twilio ({f.Message})."), ErrorIds.StudioConnectionFailed, ErrorCategory.ConnectionError, target,
                        "Check the network, a proxy, or the endpoint (Get-StudioAccount shows it), then retry.");
            }

            var (id, category, advice) = f.StatusCode switch
            {
                404 => (ErrorIds.NotFound(resource), ErrorCategory.ObjectNotFound,
                    "Check the SID, and that it belongs to this account (Get-StudioAccount shows which one is in use)."),
                401 => (ErrorIds.StudioAuthenticationFailed, ErrorCategory.AuthenticationError,
                    "Check the Account SID and auth token (or API key and secret) given to Connect-StudioAccount or in the environment."),
                403 => (ErrorIds.StudioAccessDenied, ErrorCategory.PermissionDenied,
                    "The credentials are valid but may not use Studio on this account; check the API key's permissions."),
                409 => (ErrorIds.Conflict(resource), ErrorCategory.ResourceExists, f.ConflictingExecutionSid is string blocker
                    ? $"Execution {blocker} is still active for this contact; end it first (Stop-StudioExecution -ExecutionSid {blocker})."
                    : "Another execution is active for this contact; end it first (Get-StudioExecution -ContactAddress ... | Stop-StudioExecution)."),
                429 => (ErrorIds.StudioRateLimited, ErrorCategory.LimitsExceeded,
                    "Twilio refused the request for too many concurrent requests; retry later or lower -ThrottleLimit."),
                400 => (ErrorIds.StudioInvalidRequest, ErrorCategory.InvalidArgument, "Twilio rejected a parameter; see the message."),
                >= 500 => (ErrorIds.StudioServiceError, ErrorCategory.ResourceUnavailable, "Twilio had a problem answering; retry later and check status.twilio.com."),
                _ => (ErrorIds.StudioRequestFailed, ErrorCategory.InvalidOperation, "See Twilio's message."),
            };
            var code = f.TwilioCode > 0 ? $"Twilio error {f.TwilioCode}, " : "";
            var more = string.IsNullOrEmpty(f.MoreInfo) ? "" : $" See {f.MoreInfo}";
            return Record(Wrap(f, $"Failed {action}: {f.Message} ({code}HTTP {f.StatusCode}).{more}"), id, category, target, advice);
        }

        public static ErrorRecord Record(Exception ex, string id, ErrorCategory category, object? target, string? advice = null)
        {
            var record = new ErrorRecord(ex, id, category, target);
            if (advice is not null) record.ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = advice };
            return record;
        }

        private static StudioRequestException Wrap(StudioRequestException f, string message)
            => new StudioRequestException(message, f, f.Failure, f.StatusCode, f.TwilioCode, f.MoreInfo, f.ConflictingExecutionSid, f.AccountSid);
    }
}
