namespace StudioCmdlets.Model
{
    /// <summary>The connection the cmdlets use. It never carries the auth token or API secret.</summary>
    public sealed class StudioAccount
    {
        internal StudioAccount(StudioConnection c)
        {
            Connection = c;
            AccountSid = c.AccountSid;
            UserName = c.Username;
            AuthType = c.AuthType.ToString();
            Region = c.Region;
            Edge = c.Edge;
            Endpoint = c.Endpoint;
            Source = c.Source;
            TimeoutSec = (int)c.Timeout.TotalSeconds;
            MaxRetryCount = c.MaxRetries;
        }

        /// <summary>The connection itself, for -Connection (its secret stays inside).</summary>
        internal StudioConnection Connection { get; }

        /// <summary>Never the secret.</summary>
        public override string ToString() => $"{AccountSid} as {UserName} via {Endpoint?.ToString() ?? "Twilio"}";

        /// <summary>Seconds one attempt of a request may take.</summary>
        public int TimeoutSec { get; }
        /// <summary>Retries after a 429, a 5xx or a dropped connection.</summary>
        public int MaxRetryCount { get; }

        /// <summary>The account (AC...).</summary>
        public string AccountSid { get; }
        /// <summary>The account SID, or the API key SID (SK...) when authenticating with a key.</summary>
        public string UserName { get; }
        /// <summary>AuthToken or ApiKey.</summary>
        public string AuthType { get; }
        /// <summary>Twilio region, if set.</summary>
        public string? Region { get; }
        /// <summary>Twilio edge, if set.</summary>
        public string? Edge { get; }
        /// <summary>The endpoint requests go to instead of Twilio (an emulator or a proxy), if set.</summary>
        public Uri? Endpoint { get; }
        /// <summary>Connect-StudioAccount, or Environment.</summary>
        public string Source { get; }
    }
}
