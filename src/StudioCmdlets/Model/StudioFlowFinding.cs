using System;

namespace StudioCmdlets.Model
{
    /// <summary>How much a finding matters.</summary>
    public enum StudioFindingSeverity
    {
        /// <summary>Worth knowing; not a problem by itself.</summary>
        Info,
        /// <summary>Can strand contacts for longer than it should.</summary>
        Warning,
        /// <summary>Can strand contacts indefinitely, or blocks other contacts.</summary>
        Error,
    }

    /// <summary>One problem Test-StudioFlow found in a flow definition: what happens to the customer, and the fix.</summary>
    public sealed class StudioFlowFinding
    {
        /// <summary>The flow (FW...), or empty for a file.</summary>
        public string? FlowSid { get; internal set; }
        /// <summary>The flow's name (or the file's).</summary>
        public string FlowName { get; internal set; } = "";
        /// <summary>The widget the finding is about.</summary>
        public string Widget { get; internal set; } = "";
        /// <summary>Its type (send-and-wait-for-reply, ...).</summary>
        public string WidgetType { get; internal set; } = "";
        /// <summary>LongWait, WaitInLoop, TimeoutIntoWait, NoConcurrentCalls, CallStatusWait or SubflowWait.</summary>
        public string Rule { get; internal set; } = "";
        /// <summary>Info, Warning or Error.</summary>
        public string Severity => Level.ToString();
        /// <summary>The severity as a value, for counting and ordering.</summary>
        internal StudioFindingSeverity Level { get; set; }
        /// <summary>What happens to the customer.</summary>
        public string Detail { get; internal set; } = "";
        /// <summary>The fix.</summary>
        public string Recommendation { get; internal set; } = "";
        /// <summary>The file audited, when the definition came from -Path.</summary>
        public string? Path { get; internal set; }
    }

    /// <summary>The audit of one flow: its findings and the longest time a contact can stay blocked in it.</summary>
    public sealed class StudioFlowAudit
    {
        /// <summary>The flow (FW...), or empty for a file.</summary>
        public string? FlowSid { get; internal set; }
        /// <summary>The flow's name (or the file's).</summary>
        public string FlowName { get; internal set; } = "";
        /// <summary>
        /// The worst case: the longest chain of waits from the trigger, if the contact never answers. With a loop
        /// of waits, until Studio's own limits end the execution (the same widget 10 times in a row, 1,000 steps,
        /// or 30 days, whichever comes first); never more than 30 days.
        /// </summary>
        public TimeSpan? WorstCaseBlocked { get; internal set; }
        /// <summary>True when a loop can hold the contact until only Studio's own limits end the execution.</summary>
        public bool IsUnbounded { get; internal set; }
        /// <summary>The waits along the worst case, in order.</summary>
        public string WorstCasePath { get; internal set; } = "";
        /// <summary>Findings of severity Error.</summary>
        public int Errors { get; internal set; }
        /// <summary>Findings of severity Warning.</summary>
        public int Warnings { get; internal set; }
        /// <summary>Every finding.</summary>
        public StudioFlowFinding[] Findings { get; internal set; } = Array.Empty<StudioFlowFinding>();
        /// <summary>The file audited, when the definition came from -Path.</summary>
        public string? Path { get; internal set; }
    }
}
