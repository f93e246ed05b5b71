using System.IO;
using System.Net.Http;

namespace StudioCmdlets.Engine
{
    /// <summary>The transport's failures (no answer in time, no connection) as the module's own <see cref="StudioRequestException"/>.</summary>
    internal static class EngineErrors
    {
        /// <summary>The failure as the cmdlets understand it; cancellation, and what is not recognised, pass through as they are.</summary>
        public static Exception Translate(Exception ex, string? accountSid)
        {
            if (ex is StudioRequestException || ex is OperationCanceledException) return ex;
            var timeout = Find<TimeoutException>(ex);
            if (timeout is not null)
                return new StudioRequestException(timeout.Message, ex, StudioFailure.Timeout, 0, 0, null, accountSid: accountSid);
            if (Find<OperationCanceledException>(ex) is OperationCanceledException cancelled) return cancelled;
            if (Find<HttpRequestException>(ex) is not null || Find<IOException>(ex) is not null)
            {
                var root = ex;
                while (root.InnerException is not null) root = root.InnerException;
                return new StudioRequestException(root.Message, ex, StudioFailure.Unreachable, 0, 0, null, accountSid: accountSid);
            }
            return ex;
        }

        private static T? Find<T>(Exception? ex) where T : Exception
        {
            for (var e = ex; e is not null; e = e.InnerException)
                if (e is T t) return t;
            return null;
        }

        // Error pages from proxies can be long HTML; keep messages readable.
        internal static string Clean(string? message)
        {
            var m = (message ?? "").Trim();
            return m.Length > 300 ? m.Substring(0, 300) + "..." : m;
        }
    }
}
