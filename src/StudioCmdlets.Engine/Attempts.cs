namespace StudioCmdlets.Engine
{
    /// <summary>
    /// What the transport learns while sending one logical request, across its retries, handed to it by the caller and
    /// read by the caller afterwards (no ambient state): whether an attempt may have been carried out by Twilio although
    /// its answer never arrived (a dropped connection, a timeout, a gateway error), and, once, when the request first goes
    /// on the wire. Ending an execution uses it to tell "ended by this run, the answer was lost" from "already ended by
    /// someone else" when a retry meets Studio's 409, and to write the journal's line ahead of the request.
    /// </summary>
    internal sealed class Attempts
    {
        private int _maybeApplied;
        private Action? _sending;

        /// <param name="sending">Called once, when the first attempt has its place and is about to go on the wire.</param>
        public Attempts(Action? sending = null) => _sending = sending;

        public bool MaybeApplied => Volatile.Read(ref _maybeApplied) != 0;

        public void MarkMaybeApplied() => Interlocked.Exchange(ref _maybeApplied, 1);

        /// <summary>Called by the transport when an attempt is about to go on the wire: the first one calls back.</summary>
        public void Sending() => Interlocked.Exchange(ref _sending, null)?.Invoke();
    }
}
