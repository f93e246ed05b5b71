namespace StudioCmdlets.Engine
{
    /// <summary>How one attempt of a request ended, as the retry policy needs to know it.</summary>
    internal enum AttemptEnd
    {
        /// <summary>Twilio (or something at the endpoint) answered with a status code.</summary>
        Answered,
        /// <summary>The connection was refused: nothing reached Twilio.</summary>
        Refused,
        /// <summary>The connection dropped, or failed after it was made: the request may have been carried out.</summary>
        Dropped,
        /// <summary>No answer in time (the attempt's timeout, or Twilio silent on every request).</summary>
        TimedOut,
    }

    /// <summary>What the policy decided for one attempt: retry (the transport waits its back-off first) or give up, and why.</summary>
    internal readonly struct RetryDecision
    {
        private RetryDecision(bool retry, bool throttled, string why)
        {
            Retry = retry;
            Throttled = throttled;
            Why = why;
        }

        public bool Retry { get; }
        /// <summary>A retry of a 429: it does not count against the other retries.</summary>
        public bool Throttled { get; }
        public string Why { get; }

        public static RetryDecision Again(string why, bool throttled = false) => new RetryDecision(true, throttled, why);
        public static RetryDecision GiveUp(string why) => new RetryDecision(false, false, why);

        public override string ToString() => (Retry ? "retry: " : "give up: ") + Why;
    }

    /// <summary>
    /// The one policy for retries and for "Twilio looks dead", as pure functions of what happened and the clock; the
    /// transport (<see cref="StudioHttpClient"/>), <see cref="Silence"/> and <see cref="ServiceHealth"/> only carry it out.
    /// A 429 is not processed (Twilio says so): it is retried for as long as Twilio answers other requests, and given up
    /// once nothing has succeeded for <see cref="ThrottleDeadline"/>. A 5xx or a dropped connection is retried only when
    /// repeating the request is safe (a GET, ending an execution), a refused connection always (nothing was sent) until
    /// connections are refused <see cref="ServiceHealth.DeadAfter"/> times in a row; these retries count against
    /// -MaxRetryCount. A timeout is not retried: the request may still be running.
    /// </summary>
    internal static class RetryPolicy
    {
        /// <summary>A 429 is retried while something succeeded (or this request began) within this long.</summary>
        public static readonly TimeSpan ThrottleDeadline = TimeSpan.FromSeconds(60);

        /// <summary>No answer to any request for this long while some wait: those waiting fail as timeouts.</summary>
        public static readonly TimeSpan SilenceLimit = TimeSpan.FromSeconds(20);

        /// <param name="end">How the attempt ended.</param>
        /// <param name="status">The status code, when it was answered.</param>
        /// <param name="idempotent">Whether repeating the request is safe (a GET, a DELETE, ending an execution).</param>
        /// <param name="otherRetries">Retries of this request so far that were not for a 429.</param>
        /// <param name="maxRetries">-MaxRetryCount: 0 turns retrying off.</param>
        /// <param name="sinceLastSuccess">The time since this client last had a success, or since this request began if later.</param>
        /// <param name="refusingConnections">Connections were refused <see cref="ServiceHealth.DeadAfter"/> times in a row.</param>
        public static RetryDecision Decide(AttemptEnd end, int status, bool idempotent, int otherRetries, int maxRetries, TimeSpan sinceLastSuccess, bool refusingConnections)
        {
            if (maxRetries <= 0) return RetryDecision.GiveUp("retries are off (-MaxRetryCount 0)");
            if (end == AttemptEnd.Answered)
            {
                if (status == 429)
                    return sinceLastSuccess < ThrottleDeadline
                        ? RetryDecision.Again("429: not processed, and Twilio answers other requests", throttled: true)
                        : RetryDecision.GiveUp($"429, and nothing has succeeded for {ThrottleDeadline.TotalSeconds:0} seconds");
                if (!TransportFailures.IsRetryable((System.Net.HttpStatusCode)status)) return RetryDecision.GiveUp($"HTTP {status} is an answer");
                if (!idempotent) return RetryDecision.GiveUp($"HTTP {status}: the request may have been carried out, and repeating it is not safe");
                return Budget(otherRetries, maxRetries, $"HTTP {status}");
            }
            if (end == AttemptEnd.TimedOut) return RetryDecision.GiveUp("no answer in time: the request may still be running");
            if (refusingConnections) return RetryDecision.GiveUp($"connections refused {ServiceHealth.DeadAfter} times in a row: nobody is listening");
            if (end == AttemptEnd.Refused) return Budget(otherRetries, maxRetries, "connection refused: nothing was sent");
            if (!idempotent) return RetryDecision.GiveUp("the connection dropped: the request may have been carried out, and repeating it is not safe");
            return Budget(otherRetries, maxRetries, "the connection dropped");
        }

        /// <summary>
        /// How long to wait before a retry, when not the back-off's exponential wait (null): Twilio's Retry-After when it
        /// sends one; for a 429 without one, about <paramref name="baseDelay"/> and no more, since the retry then waits
        /// for a place under the account's lowered limit anyway (the gate paces it: growing the wait as well would
        /// only leave places empty once the limit has settled).
        /// </summary>
        public static TimeSpan? Delay(int status, TimeSpan? retryAfter, TimeSpan baseDelay, double jitter)
        {
            if (retryAfter is TimeSpan after) return after < TimeSpan.Zero ? TimeSpan.Zero : after;
            if (status == 429) return TimeSpan.FromTicks((long)(baseDelay.Ticks * (0.5 + Math.Max(0, Math.Min(1, jitter)))));
            return null;
        }

        private static RetryDecision Budget(int otherRetries, int maxRetries, string why)
            => otherRetries < maxRetries ? RetryDecision.Again(why) : RetryDecision.GiveUp($"{why}, after {maxRetries} retries");

        /// <summary>How an attempt that threw ended: refused, dropped, timed out; null for anything else (not retried).</summary>
        public static AttemptEnd? EndOf(Exception? error)
        {
            if (error is null) return null;
            if (TransportFailures.Refused(error)) return AttemptEnd.Refused;
            if (error is TimeoutException) return AttemptEnd.TimedOut;
            if (error is System.Net.Http.HttpRequestException || error is System.IO.IOException) return AttemptEnd.Dropped;
            return null;
        }
    }
}
