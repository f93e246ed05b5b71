namespace StudioCmdlets.Contract
{
    /// <summary>
    /// How many of one account's requests may be on the wire at once. The cmdlets keep it (one per account, starting
    /// where the account's siblings settled); the engine's transport holds to <see cref="Current"/> and tells it each
    /// answer's news. Thread-safe: requests run on many threads.
    /// </summary>
    public interface IRequestLimit
    {
        /// <summary>The most requests allowed on the wire now.</summary>
        int Current { get; }
        /// <summary>Twilio answered 429 Too Many Requests.</summary>
        void OnThrottled();
        /// <summary>Twilio answered a request successfully (below 400).</summary>
        void OnSuccess();
    }
}
