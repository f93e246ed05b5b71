using System.Security;

namespace StudioCmdlets.Contract
{
    /// <summary>
    /// What one account's engine is made with: where and as whom its requests go, how they are retried, and what it
    /// shares with the command that made it. The secret stays a read-only <see cref="SecureString"/> until the engine
    /// puts it on a request; this type never formats it.
    /// </summary>
    public sealed class EngineOptions
    {
        /// <summary>Retries after a 429, a 5xx or (when safe) a dropped connection, unless told otherwise.</summary>
        public const int DefaultMaxRetries = 6;
        /// <summary>How long one attempt may take, unless told otherwise.</summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);
        /// <summary>The first retry's delay, unless told otherwise; later ones double, with jitter.</summary>
        public static readonly TimeSpan DefaultRetryDelay = TimeSpan.FromMilliseconds(250);

        /// <param name="accountSid">The account the requests are for (AC...): every answer must be of it.</param>
        /// <param name="username">The account SID, or the API key SID (SK...).</param>
        /// <param name="secret">The auth token or the API key's secret; a read-only copy is kept.</param>
        public EngineOptions(string accountSid, string username, SecureString secret)
        {
            AccountSid = accountSid ?? throw new ArgumentNullException(nameof(accountSid));
            Username = username ?? throw new ArgumentNullException(nameof(username));
            Secret = (secret ?? throw new ArgumentNullException(nameof(secret))).Copy();
            Secret.MakeReadOnly();
        }

        /// <summary>The account the requests are for.</summary>
        public string AccountSid { get; }
        /// <summary>The account SID, or the API key SID.</summary>
        public string Username { get; }
        /// <summary>The auth token or API key secret, read-only.</summary>
        public SecureString Secret { get; }
        /// <summary>Twilio's region (ie1, au1, ...), or null for the default.</summary>
        public string? Region { get; init; }
        /// <summary>Twilio's edge (dublin, sydney, ...), or null for the region's default.</summary>
        public string? Edge { get; init; }
        /// <summary>Where requests go instead of Twilio's hosts (the emulator, a proxy), keeping path and query; null for Twilio.</summary>
        public Uri? Endpoint { get; init; }
        /// <summary>How long one attempt of a request may take.</summary>
        public TimeSpan Timeout { get; init; } = DefaultTimeout;
        /// <summary>Retries of failures other than 429 (a 429 is retried while Twilio answers other requests).</summary>
        public int MaxRetries { get; init; } = DefaultMaxRetries;
        /// <summary>The first retry's delay.</summary>
        public TimeSpan RetryDelay { get; init; } = DefaultRetryDelay;
        /// <summary>Where the transport's trace goes (methods, URLs, statuses, retries; never a credential), or null.</summary>
        public Action<string>? Trace { get; init; }
        /// <summary>The account's limit of requests on the wire, or null for none.</summary>
        public IRequestLimit? Limit { get; init; }
        /// <summary>Once cancelled, no new request goes out (it fails as <see cref="StudioFailure.NotSent"/>); requests already sent complete.</summary>
        public CancellationToken Halt { get; init; }
        /// <summary>The command's one "Twilio looks dead" policy, which the transport feeds; null for one of its own.</summary>
        public ServiceHealth? Health { get; init; }
        /// <summary>The command's places on the wire across all its accounts (-ThrottleLimit), or null for none.</summary>
        public SemaphoreSlim? Total { get; init; }

        /// <summary>Never the secret.</summary>
        public override string ToString() => $"{Username} for {AccountSid} via {Endpoint?.ToString() ?? "Twilio"}";
    }
}
