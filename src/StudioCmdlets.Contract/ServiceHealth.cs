namespace StudioCmdlets.Contract
{
    /// <summary>
    /// The one "Twilio looks dead" policy of a command, fed by the transport and read by both sides. Twilio is taken to
    /// be unreachable once <see cref="DeadAfter"/> connections in a row were refused, or <see cref="DeadAfter"/> requests
    /// in a row failed with no answer after their retries (timeouts, dropped connections); any answer at all (even an
    /// error) clears both. The transport stops retrying connection failures once connections are refused; the cmdlet
    /// stops the command, with one error, once Twilio looks dead. Thread-safe: requests run on many threads.
    /// </summary>
    public sealed class ServiceHealth
    {
        /// <summary>Refusals, or requests unanswered, in a row after which Twilio is taken to be unreachable.</summary>
        public const int DeadAfter = 3;

        private int _refusedInARow;
        private int _unansweredInARow;

        /// <summary>An attempt's connection was refused: nobody listens at the endpoint.</summary>
        public void Refused() => Interlocked.Increment(ref _refusedInARow);

        /// <summary>A request failed after its retries without any answer (no connection, a timeout, a dropped one).</summary>
        public void Unanswered() => Interlocked.Increment(ref _unansweredInARow);

        /// <summary>Twilio answered something: it is reachable.</summary>
        public void Answered()
        {
            Volatile.Write(ref _refusedInARow, 0);
            Volatile.Write(ref _unansweredInARow, 0);
        }

        /// <summary>Connections are being refused: retrying a connection failure only costs time.</summary>
        public bool RefusingConnections => Volatile.Read(ref _refusedInARow) >= DeadAfter;

        /// <summary>Twilio is taken to be unreachable: the command stops rather than fail item by item.</summary>
        public bool LooksDead => RefusingConnections || Volatile.Read(ref _unansweredInARow) >= DeadAfter;
    }
}
