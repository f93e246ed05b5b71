namespace StudioCmdlets.Model
{
    /// <summary>
    /// An active execution, triaged: where it sits, since when, when Studio would release it by itself, and
    /// whether ending it is safe. Pipes into Stop-StudioExecution (by FlowSid and ExecutionSid).
    /// </summary>
    public sealed class StudioStuckExecution
    {
        /// <summary>The execution SID (FN...).</summary>
        public string Sid { get; internal set; } = "";
        /// <summary>The execution SID again, named so that piping binds it to -ExecutionSid.</summary>
        public string ExecutionSid => Sid;
        /// <summary>The flow SID (FW...).</summary>
        public string FlowSid { get; internal set; } = "";
        /// <summary>The flow's name.</summary>
        public string? FlowName { get; internal set; }
        /// <summary>The contact's address.</summary>
        public string? ContactAddress { get; internal set; }
        /// <summary>The account the execution belongs to.</summary>
        public string? AccountSid { get; internal set; }
        /// <summary>Stranded, Waiting, Live or Unknown, as a word, so that JSON and CSV exports read it.</summary>
        public string State => Verdict.ToString();
        /// <summary>The state as a value, for the module's own decisions.</summary>
        internal StudioExecutionState Verdict { get; set; }
        /// <summary>Why that state, in words.</summary>
        public string Reason { get; internal set; } = "";
        /// <summary>The widget the execution sits on.</summary>
        public string? Widget { get; internal set; }
        /// <summary>That widget's type (send-and-wait-for-reply, enqueue-call, ...).</summary>
        public string? WidgetType { get; internal set; }
        /// <summary>When it entered that widget (UTC): its last move.</summary>
        public DateTimeOffset? WaitingSince { get; internal set; }
        /// <summary>How long that widget waits before its timeout; null when it does not wait on the contact.</summary>
        public TimeSpan? Timeout { get; internal set; }
        /// <summary>When Studio would move it on or end it by itself, following timeouts into further waits, and Studio's own limits (30 days from the start at the latest).</summary>
        public DateTimeOffset? ReleasesAt { get; internal set; }
        /// <summary>How long it has been sitting on that widget.</summary>
        public TimeSpan BlockedFor => WaitingSince is DateTimeOffset t ? Durations.Since(t) : TimeSpan.Zero;
        /// <summary>When the execution started (UTC).</summary>
        public DateTimeOffset DateCreated { get; internal set; }
        /// <summary>How long ago the execution started.</summary>
        public TimeSpan Age => Durations.Since(DateCreated);
        /// <summary>The flow revision the execution runs.</summary>
        public int? FlowRevision { get; internal set; }

        /// <inheritdoc />
        public override string ToString() => Sid;
    }
}
