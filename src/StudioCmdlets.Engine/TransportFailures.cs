using System.Net;
using System.Net.Http;

namespace StudioCmdlets.Engine
{
    /// <summary>What a failed attempt says: whether it may have been carried out, whether repeating it is safe, how long Twilio asks to wait.</summary>
    internal static class TransportFailures
    {
        /// <summary>Whether a failed attempt may still have changed something at Twilio (the answer was lost, or a gateway failed).</summary>
        public static bool MayHaveBeenApplied(RawResponse? response, Exception? error)
        {
            if (response is not null)
            {
                var code = (int)response.StatusCode;
                return code == 500 || code == 502 || code == 504;
            }
            return error is not null && !Refused(error);
        }

        /// <summary>A connection refused: the request never reached anything, so repeating it is always safe.</summary>
        public static bool Refused(Exception? error)
        {
            for (var e = error; e is not null; e = e.InnerException)
                if (e is System.Net.Sockets.SocketException se && se.SocketErrorCode == System.Net.Sockets.SocketError.ConnectionRefused) return true;
            return false;
        }

        public static bool IsRetryable(HttpStatusCode status)
        {
            var code = (int)status;
            return code == 429 || code == 500 || code == 502 || code == 503 || code == 504;
        }

        public static TimeSpan? RetryAfter(RawResponse? response)
        {
            var header = response?.Headers.RetryAfter;
            if (header is null) return null;
            if (header.Delta is TimeSpan delta) return delta;
            if (header.Date is DateTimeOffset date) return date - DateTimeOffset.UtcNow;
            return null;
        }

        /// <summary>
        /// The account's requests in flight that a 429 for concurrency reports (Twilio-Concurrent-Requests, error 20429's
        /// page); 0 when the header is absent or not a number.
        /// </summary>
        public static int ConcurrentRequests(RawResponse response)
            => response.Headers.TryGetValues("Twilio-Concurrent-Requests", out var values)
               && int.TryParse(System.Linq.Enumerable.FirstOrDefault(values), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count)
                ? count : 0;
    }
}
