namespace StudioCmdlets.Model
{
    /// <summary>One run of a flow for one contact. While Active, it blocks every new execution for that contact.</summary>
    public sealed class StudioExecution
    {
        /// <summary>The execution SID (FN...).</summary>
        public string Sid { get; internal set; } = "";
        /// <summary>The execution SID again, named so that piping binds it to -ExecutionSid.</summary>
        public string ExecutionSid => Sid;
        /// <summary>The flow SID (FW...).</summary>
        public string FlowSid { get; internal set; } = "";
        /// <summary>The flow's name.</summary>
        public string? FlowName { get; internal set; }
        /// <summary>The contact's address: a phone number, or a client or chat identity.</summary>
        public string? ContactAddress { get; internal set; }
        /// <summary>The Studio contact SID (FC...).</summary>
        public string? ContactSid { get; internal set; }
        /// <summary>Active or Ended, as a word, so that JSON and CSV exports read it.</summary>
        public string Status => IsActive ? nameof(StudioExecutionStatus.Active) : nameof(StudioExecutionStatus.Ended);
        /// <summary>Whether Studio reports the execution active.</summary>
        internal bool IsActive { get; set; }

        internal bool Is(StudioExecutionStatus status) => IsActive == (status == StudioExecutionStatus.Active);
        /// <summary>When the execution started (UTC).</summary>
        public DateTimeOffset DateCreated { get; internal set; }
        /// <summary>When the execution last moved (UTC).</summary>
        public DateTimeOffset DateUpdated { get; internal set; }
        /// <summary>How long ago the execution started, in whole seconds.</summary>
        public TimeSpan Age => Durations.Since(DateCreated);
        /// <summary>How long the execution has not moved, in whole seconds.</summary>
        public TimeSpan IdleTime => Durations.Since(DateUpdated);
        /// <summary>The flow revision the execution runs.</summary>
        public int? FlowRevision { get; internal set; }
        /// <summary>What started it: a message, call, conversation or REST request SID.</summary>
        public string? InitiatedBy { get; internal set; }
        /// <summary>The account the execution belongs to.</summary>
        public string? AccountSid { get; internal set; }
        /// <summary>The execution's REST URL.</summary>
        public Uri? Url { get; internal set; }
        /// <summary>
        /// What Stop-StudioExecution -PassThru did with it in that run (Ended by this run, or AlreadyEnded before it came);
        /// empty on what the Get- cmdlets list.
        /// </summary>
        public StudioStopOutcome? Outcome { get; internal set; }

        /// <summary>A copy of this execution carrying what a run did with it (<see cref="Outcome"/>); the input is left as it was.</summary>
        internal StudioExecution WithOutcome(StudioStopOutcome outcome)
        {
            var copy = (StudioExecution)MemberwiseClone();
            copy.Outcome = outcome;
            return copy;
        }

        /// <summary>Fills in the flow's name, in this object (it is not a copy), and returns it: for chains on a fresh answer.</summary>
        internal StudioExecution FillFlowName(string? name)
        {
            FlowName = name ?? FlowName;
            return this;
        }

        /// <summary>How confirmations and verbose text name an execution: SID, contact, flow and age when known.</summary>
        internal string Describe()
        {
            var flow = $"flow '{FlowName ?? FlowSid}'";
            // An input that names the contact but not when it started (a CSV of a few columns) has no age to show.
            var age = DateCreated == default ? "" : $", age {Durations.Short(Age)}";
            return ContactAddress is null ? $"{Sid} ({flow}{age})" : $"{Sid} (contact {ContactAddress}, {flow}{age})";
        }

        /// <inheritdoc />
        public override string ToString() => Sid;
    }
}
