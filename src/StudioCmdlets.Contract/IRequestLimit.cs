namespace StudioCmdlets.Contract
{
    /// <summary>
    /// How many of one account's requests may be on the wire at once. The cmdlets keep it (one per account, shared by the
    /// commands of a pipeline); the engine's transport holds to <see cref="Current"/>, notes the <see cref="Generation"/>
    /// each request entered under, and tells it each answer's news with that generation, so that evidence the limit
    /// already acted on is not counted again. Thread-safe: requests run on many threads.
    /// </summary>
    public interface IRequestLimit
    {
        /// <summary>The most requests allowed on the wire now.</summary>
        int Current { get; }
        /// <summary>Which setting of the limit is in force: it changes each time <see cref="Current"/> does.</summary>
        int Generation { get; }
        /// <summary>
        /// Twilio answered 429 Too Many Requests to a request that entered under <paramref name="generation"/>;
        /// <paramref name="concurrentRequests"/> is its Twilio-Concurrent-Requests header (the account's requests in
        /// flight when it was refused), 0 when absent.
        /// </summary>
        void OnThrottled(int generation, int concurrentRequests);
        /// <summary>Twilio answered a request that entered under <paramref name="generation"/> successfully (below 400).</summary>
        void OnSuccess(int generation);
        /// <summary>
        /// The limit these requests count against: the transport's places are shared by every client whose limit has the
        /// same one (the commands of a pipeline sending to one account), so together they stay within <see cref="Current"/>.
        /// </summary>
        object Shared { get; }
    }
}
