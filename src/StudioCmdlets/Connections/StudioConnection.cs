using System.Net;
using System.Security;

namespace StudioCmdlets.Connections
{
    /// <summary>
    /// Where and as whom requests go. Immutable once made, so cmdlets running in parallel runspaces or
    /// thread jobs can share it. The secret is kept as a read-only <see cref="SecureString"/> and never
    /// formatted into text.
    /// </summary>
    internal sealed class StudioConnection
    {
        public const string EnvAccountSid = "TWILIO_ACCOUNT_SID";
        public const string EnvAuthToken = "TWILIO_AUTH_TOKEN";
        public const string EnvApiKey = "TWILIO_API_KEY";
        public const string EnvApiSecret = "TWILIO_API_SECRET";
        public const string EnvRegion = "TWILIO_REGION";
        public const string EnvEdge = "TWILIO_EDGE";
        public const string EnvEndpoint = "STUDIOCMDLETS_ENDPOINT";
        public const string EnvTimeout = "STUDIOCMDLETS_TIMEOUT_SEC";
        public const string EnvMaxRetries = "STUDIOCMDLETS_MAX_RETRIES";
        public const string EnvRetryDelay = "STUDIOCMDLETS_RETRY_DELAY_MS";

        public static readonly TimeSpan DefaultTimeout = EngineOptions.DefaultTimeout;
        public const int DefaultMaxRetries = EngineOptions.DefaultMaxRetries;
        public static readonly TimeSpan DefaultRetryDelay = EngineOptions.DefaultRetryDelay;

        private readonly SecureString _secret;

        public StudioConnection(string accountSid, string username, SecureString secret, string? region, string? edge, Uri? endpoint, string source)
        {
            AccountSid = accountSid;
            Username = username;
            _secret = secret.Copy();
            _secret.MakeReadOnly();
            Region = string.IsNullOrWhiteSpace(region) ? null : region;
            Edge = string.IsNullOrWhiteSpace(edge) ? null : edge;
            Endpoint = endpoint;
            Source = source;
        }

        public string AccountSid { get; }
        /// <summary>The account SID, or the API key SID when authenticating with a key.</summary>
        public string Username { get; }
        public StudioAuthType AuthType => Username.StartsWith("SK", StringComparison.Ordinal) ? StudioAuthType.ApiKey : StudioAuthType.AuthToken;
        public string? Region { get; }
        public string? Edge { get; }
        public Uri? Endpoint { get; }
        /// <summary>Connect-StudioAccount, or Environment.</summary>
        public string Source { get; }
        /// <summary>How long one attempt of a request may take.</summary>
        public TimeSpan Timeout { get; private set; } = DefaultTimeout;
        /// <summary>Retries after a 429, a 5xx or (when safe) a dropped connection.</summary>
        public int MaxRetries { get; private set; } = DefaultMaxRetries;
        /// <summary>The first retry's delay; later ones double, with jitter, and never come before Retry-After.</summary>
        public TimeSpan RetryDelay { get; private set; } = DefaultRetryDelay;

        /// <summary>A copy with other request settings; null keeps the current one.</summary>
        public StudioConnection WithRequestSettings(TimeSpan? timeout, int? maxRetries, TimeSpan? retryDelay)
        {
            if (timeout is TimeSpan t && t <= TimeSpan.Zero) throw new StudioConnectionException(ErrorIds.InvalidTimeout, "The timeout must be more than zero seconds.");
            if (maxRetries is int r && r < 0) throw new StudioConnectionException(ErrorIds.InvalidRetryCount, "The retry count cannot be negative.");
            if (retryDelay is TimeSpan d && d < TimeSpan.Zero) throw new StudioConnectionException(ErrorIds.InvalidRetryDelay, "The retry delay cannot be negative.");
            var copy = new StudioConnection(AccountSid, Username, _secret, Region, Edge, Endpoint, Source)
            {
                Timeout = timeout ?? Timeout, MaxRetries = maxRetries ?? MaxRetries, RetryDelay = retryDelay ?? RetryDelay,
            };
            return copy;
        }

        /// <summary>
        /// What this connection's engine is made with, and what it shares with its command: the secret crosses as the
        /// secret it is (this assembly never turns it back into text; the engine does, for the requests' header).
        /// </summary>
        public EngineOptions ForEngine(Action<string>? trace, IRequestLimit? limit, CancellationToken halt, ServiceHealth? health, SemaphoreSlim? total)
            => new EngineOptions(AccountSid, Username, _secret)
            {
                Region = Region, Edge = Edge, Endpoint = Endpoint, Timeout = Timeout, MaxRetries = MaxRetries, RetryDelay = RetryDelay,
                Trace = trace, Limit = limit, Halt = halt, Health = health, Total = total,
            };

        /// <summary>The connection to use: the one made by Connect-StudioAccount, else the environment.</summary>
        public static StudioConnection Resolve()
            => ConnectionStore.Current ?? FromEnvironment(Environment.GetEnvironmentVariable) ?? throw new StudioConnectionException(
                ErrorIds.StudioNotConnected,
                "No Twilio credentials. Run Connect-StudioAccount -Credential (Get-Credential) with your Account SID as user name and auth token as password, " +
                $"or set {EnvAccountSid} and {EnvAuthToken} (or {EnvApiKey}, {EnvApiSecret} and {EnvAccountSid}) in the environment. " +
                $"To use the Studio emulator, also pass -Endpoint or set {EnvEndpoint}.");

        /// <summary>Reads the same variables the twilio CLI and runbooks use; null when none are set.</summary>
        public static StudioConnection? FromEnvironment(Func<string, string?> env)
        {
            string? Get(string name) => string.IsNullOrWhiteSpace(env(name)) ? null : env(name)!.Trim();
            var account = Get(EnvAccountSid);
            var token = Get(EnvAuthToken);
            var key = Get(EnvApiKey);
            var secret = Get(EnvApiSecret);
            if (account is null && token is null && key is null && secret is null) return null;

            string username;
            string password;
            var warnings = new System.Collections.Generic.List<string>();
            if ((key is null) != (secret is null) && account is not null && token is not null)
            {
                // A leftover half of an API key beside a complete SID and token: the token is meant.
                warnings.Add($"{(key is null ? EnvApiSecret : EnvApiKey)} is set without {(key is null ? EnvApiKey : EnvApiSecret)}; " +
                             $"using {EnvAccountSid} and {EnvAuthToken}. Remove the leftover variable to silence this warning.");
                key = secret = null;
            }
            if (key is not null || secret is not null)
            {
                if (key is null || secret is null || account is null)
                    throw new StudioConnectionException(ErrorIds.IncompleteEnvironmentCredentials,
                        $"API key authentication needs {EnvApiKey}, {EnvApiSecret} and {EnvAccountSid} all set.");
                username = key;
                password = secret;
            }
            else
            {
                if (account is null || token is null)
                    throw new StudioConnectionException(ErrorIds.IncompleteEnvironmentCredentials,
                        $"Auth token authentication needs both {EnvAccountSid} and {EnvAuthToken} set.");
                username = account;
                password = token;
            }
            var endpointText = Get(EnvEndpoint);
            var endpoint = endpointText is null ? null : ParseEndpoint(endpointText);
            var connection = Create(account, username, SecretText.Protect(password), Get(EnvRegion), Get(EnvEdge), endpoint, "Environment")
                .WithRequestSettings(
                    Number(Get(EnvTimeout), EnvTimeout) is double sec ? TimeSpan.FromSeconds(sec) : (TimeSpan?)null,
                    Number(Get(EnvMaxRetries), EnvMaxRetries) is double n ? (int)n : (int?)null,
                    Number(Get(EnvRetryDelay), EnvRetryDelay) is double ms ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null);
            connection.Warnings = warnings;
            return connection;
        }

        /// <summary>What a cmdlet using this connection should warn about (once per command).</summary>
        public System.Collections.Generic.IReadOnlyList<string> Warnings { get; private set; } = Array.Empty<string>();

        private static double? Number(string? text, string variable)
        {
            if (text is null) return null;
            if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)) return value;
            throw new StudioConnectionException(ErrorIds.InvalidEnvironmentSetting, $"{variable} must be a number, not '{text}'.");
        }

        /// <summary>Validates the parts and builds a connection; throws <see cref="StudioConnectionException"/> on bad input.</summary>
        public static StudioConnection Create(string accountSid, string username, SecureString secret, string? region, string? edge, Uri? endpoint, string source)
        {
            if (Sid.Kind(username) is not (SidKind.Account or SidKind.ApiKey))
                throw new StudioConnectionException(ErrorIds.InvalidCredentialUserName,
                    "The credential's user name must be an Account SID (AC followed by 32 hexadecimal characters) or an API key SID (SK...).");
            if (Sid.Kind(accountSid) != SidKind.Account)
                throw new StudioConnectionException(ErrorIds.InvalidAccountSid,
                    "The account SID must be AC followed by 32 hexadecimal characters. With an API key (SK...), give -AccountSid.");
            if (secret.Length == 0)
                throw new StudioConnectionException(ErrorIds.EmptySecret, "The credential has no password: give the auth token or the API key secret.");
            return new StudioConnection(accountSid, username, secret, region, edge, endpoint, source);
        }

        /// <summary>
        /// An endpoint must be an absolute http(s) URL without credentials; plain http is only for loopback,
        /// so an auth token never crosses a network unencrypted.
        /// </summary>
        public static Uri ParseEndpoint(string text)
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                throw new StudioConnectionException(ErrorIds.InvalidEndpoint, $"The endpoint '{text}' is not an absolute http:// or https:// URL.");
            if (!string.IsNullOrEmpty(uri.UserInfo))
                throw new StudioConnectionException(ErrorIds.EndpointContainsCredentials,
                    "The endpoint URL contains a user name or password. Give credentials with -Credential or the environment, never in the URL.");
            if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
                throw new StudioConnectionException(ErrorIds.InsecureEndpoint,
                    $"Plain http is only allowed for loopback addresses; use https for '{uri.Host}'.");
            if (uri.AbsolutePath.TrimEnd('/').EndsWith("/v2", StringComparison.OrdinalIgnoreCase))
                throw new StudioConnectionException(ErrorIds.EndpointIncludesApiPath,
                    $"The endpoint '{text}' ends in /v2: give the host root (for example {uri.GetLeftPart(UriPartial.Authority)}); the module adds /v2/Flows/... itself.");
            if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
                throw new StudioConnectionException(ErrorIds.InvalidEndpoint, $"The endpoint '{text}' must not have a query or fragment.");
            return uri;
        }

        private static bool IsLoopback(Uri uri)
            => uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

        /// <summary>Never the secret.</summary>
        public override string ToString() => $"{Username} ({AuthType}) via {Endpoint?.ToString() ?? "Twilio"}";
    }
}
