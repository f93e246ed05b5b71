namespace StudioCmdlets.Engine
{
    /// <summary>
    /// What the transport learned while sending one logical request, across its retries: whether an attempt
    /// may have been applied by Twilio although its answer never arrived (a dropped connection, a timeout, a
    /// gateway error). A caller opens a scope with <see cref="Begin"/>; the transport, running in the same
    /// async flow, marks it. Ending an execution uses it to tell "ended by this run, the answer was lost"
    /// from "already ended by someone else" when a retry meets Studio's 409.
    /// </summary>
    internal sealed class Attempts
    {
        private static readonly AsyncLocal<Attempts?> Scope = new AsyncLocal<Attempts?>();
        private int _maybeApplied;

        public static Attempts? Current => Scope.Value;

        private Action? _sending;

        /// <summary>A fresh record for the request about to be made in this async flow; <paramref name="sending"/> is called once, as it first goes out.</summary>
        public static Attempts Begin(Action? sending = null)
        {
            var attempts = new Attempts { _sending = sending };
            Scope.Value = attempts;
            return attempts;
        }

        /// <summary>Called by the transport when an attempt has its place and is about to go on the wire: the first one calls back.</summary>
        public void Sending() => Interlocked.Exchange(ref _sending, null)?.Invoke();

        public bool MaybeApplied => Volatile.Read(ref _maybeApplied) != 0;

        public void MarkMaybeApplied() => Interlocked.Exchange(ref _maybeApplied, 1);
    }
}
