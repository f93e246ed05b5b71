using System;
using System.Management.Automation;
using Twilio.Exceptions;

namespace StudioCmdlets.Api
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

        /// <param name="ex">What the request threw.</param>
        /// <param name="noun">What was asked for, for the error id: StudioExecution, StudioFlow, StudioExecutionStep...</param>
        /// <param name="action">What was being done, for the message: "ending execution FN...".</param>
        /// <param name="target">The SID, as the record's target object.</param>
        public static ErrorRecord From(Exception ex, string noun, string action, object target)
        {
            var api = Find<ApiException>(ex);
            if (api is not null && api.Code == 0 && (api.Message ?? "").StartsWith("Api Error:", StringComparison.Ordinal))
            {
                // Twilio always answers errors in JSON; anything else came from something in between.
                return Record(new StudioRequestException($"Failed {action}: the endpoint answered with something other than Twilio's JSON " +
                        $"({Clean(api.Message)}).", ex, api.Status, 0, null),
                    "StudioUnexpectedResponse", ErrorCategory.InvalidResult, target,
                    "A proxy, firewall or load balancer between here and Twilio answered instead of Twilio: check it, and the endpoint (Get-StudioAccount).");
            }
            if (api is not null && api.Status > 0)
            {
                string id;
                ErrorCategory category;
                string advice;
                switch (api.Status)
                {
                    case 404:
                        id = noun + "NotFound"; category = ErrorCategory.ObjectNotFound;
                        advice = "Check the SID, and that it belongs to this account (Get-StudioAccount shows which one is in use).";
                        break;
                    case 401:
                        id = "StudioAuthenticationFailed"; category = ErrorCategory.PermissionDenied;
                        advice = "Check the Account SID and auth token (or API key and secret) given to Connect-StudioAccount or in the environment.";
                        break;
                    case 403:
                        id = "StudioAccessDenied"; category = ErrorCategory.PermissionDenied;
                        advice = "The credentials are valid but may not use Studio on this account; check the API key's permissions.";
                        break;
                    case 409:
                        id = noun + "Conflict"; category = ErrorCategory.ResourceExists;
                        advice = "Another execution is active for this contact; end it first (Get-StudioExecution -ContactAddress ... | Stop-StudioExecution).";
                        break;
                    case 429:
                        id = "StudioRateLimited"; category = ErrorCategory.LimitsExceeded;
                        advice = "Twilio refused the request for too many concurrent requests; retry later or lower the concurrency.";
                        break;
                    case 400:
                        id = "StudioInvalidRequest"; category = ErrorCategory.InvalidArgument;
                        advice = "Twilio rejected a parameter; see the message.";
                        break;
                    default:
                        id = api.Status >= 500 ? "StudioServiceError" : "StudioRequestFailed";
                        category = api.Status >= 500 ? ErrorCategory.ResourceUnavailable : ErrorCategory.InvalidOperation;
                        advice = api.Status >= 500 ? "Twilio had a problem answering; retry later and check status.twilio.com." : "See Twilio's message.";
                        break;
                }
                var code = api.Code > 0 ? $"Twilio error {api.Code}, " : "";
                var more = string.IsNullOrEmpty(api.MoreInfo) ? "" : $" See {api.MoreInfo}";
                var message = $"Failed {action}: {Clean(api.Message)} ({code}HTTP {api.Status}).{more}";
                return Record(new StudioRequestException(message, ex, api.Status, api.Code, api.MoreInfo), id, category, target, advice);
            }

            var timeout = Find<TimeoutException>(ex);
            if (timeout is not null)
                return Record(new StudioRequestException($"Failed {action}: {timeout.Message}", ex, 0, 0, null), "StudioRequestTimeout",
                    ErrorCategory.OperationTimeout, target, "Check the network path to Twilio (or the endpoint), then retry.");

            var connection = Find<ApiConnectionException>(ex);
            var root = connection?.InnerException ?? ex;
            while (root.InnerException is not null) root = root.InnerException;
            return Record(new StudioRequestException($"Failed {action}: could not reach Twilio ({root.Message}).", ex, 0, 0, null),
                "StudioConnectionFailed", ErrorCategory.ConnectionError, target,
                "Check the network, a proxy, or the endpoint (Get-StudioAccount shows it), then retry.");
        }

        public static ErrorRecord Record(Exception ex, string id, ErrorCategory category, object? target, string? advice = null)
        {
            var record = new ErrorRecord(ex, id, category, target);
            if (advice is not null) record.ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = advice };
            return record;
        }

        private static T? Find<T>(Exception? ex) where T : Exception
        {
            for (var e = ex; e is not null; e = e.InnerException)
                if (e is T t) return t;
            return null;
        }

        // Error pages from proxies can be long HTML; keep messages readable.
        private static string Clean(string? message)
        {
            var m = (message ?? "").Trim();
            return m.Length > 300 ? m.Substring(0, 300) + "..." : m;
        }
    }

    /// <summary>A failed Studio request, with Twilio's HTTP status, error code and documentation link.</summary>
    public sealed class StudioRequestException : Exception
    {
        internal StudioRequestException(string message, Exception inner, int status, int code, string? moreInfo) : base(message, inner)
        {
            StatusCode = status;
            TwilioCode = code;
            MoreInfo = moreInfo;
        }

        /// <summary>The HTTP status, or 0 when no answer came.</summary>
        public int StatusCode { get; }
        /// <summary>Twilio's error code (20404, 20429, ...), or 0.</summary>
        public int TwilioCode { get; }
        /// <summary>Twilio's documentation link for the error.</summary>
        public string? MoreInfo { get; }
    }
}
