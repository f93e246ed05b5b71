using System.IO;
using System.Net.Http;
using Twilio.Exceptions;

namespace StudioCmdlets.Engine
{
    /// <summary>Twilio's exceptions, and the transport's, as the module's own <see cref="StudioRequestException"/>.</summary>
    internal static class EngineErrors
    {
        /// <summary>The failure as the cmdlets understand it; null for cancellation, which passes through as is.</summary>
        public static Exception Translate(Exception ex)
        {
            if (ex is StudioRequestException || ex is OperationCanceledException) return ex;
            var api = Find<ApiException>(ex);
            if (api is not null && api.Code == 0 && (api.Message ?? "").StartsWith("Api Error:", StringComparison.Ordinal))
                return new StudioRequestException(Clean(api.Message), ex, StudioFailure.UnexpectedResponse, api.Status, 0, null);
            if (api is not null && api.Status > 0)
                return new StudioRequestException(Clean(api.Message), ex, StudioFailure.Answered, api.Status, api.Code, api.MoreInfo, Detail(api, "conflicting_execution_sid"));
            var timeout = Find<TimeoutException>(ex);
            if (timeout is not null)
                return new StudioRequestException(timeout.Message, ex, StudioFailure.Timeout, 0, 0, null);
            if (Find<OperationCanceledException>(ex) is OperationCanceledException cancelled) return cancelled;
            if (api is not null || Find<HttpRequestException>(ex) is not null || Find<IOException>(ex) is not null)
            {
                var root = ex;
                while (root.InnerException is not null) root = root.InnerException;
                return new StudioRequestException(root.Message, ex, StudioFailure.Unreachable, 0, 0, null);
            }
            return ex;
        }

        private static string? Detail(ApiException api, string name)
            => api.Details is not null && api.Details.TryGetValue(name, out var value) && value is not null ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;

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
}
