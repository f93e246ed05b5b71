namespace StudioCmdlets.Commands
{
    /// <summary>An end request a journal holds without an outcome: what a later run must read back before it sends anything.</summary>
    internal sealed class JournaledAttempt
    {
        public JournaledAttempt(string sid, string flowSid, string? runId, string? flowName, string? contact, string? widget)
        {
            Sid = sid;
            FlowSid = flowSid;
            RunId = runId;
            FlowName = flowName;
            Contact = contact;
            Widget = widget;
        }

        public string Sid { get; }
        public string FlowSid { get; }
        /// <summary>The run that attempted it.</summary>
        public string? RunId { get; }
        public string? FlowName { get; }
        public string? Contact { get; }
        public string? Widget { get; }
        /// <summary>The account of the execution (a subaccount's, in a fleet sweep).</summary>
        public string? AccountSid { get; set; }
    }
}
