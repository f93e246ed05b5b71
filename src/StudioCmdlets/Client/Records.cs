using StudioCmdlets.Contract;

namespace StudioCmdlets.Client
{
    /// <summary>
    /// The contract's records, as Twilio answered them, made into the module's output types; and the module's enums in
    /// Twilio's words for the engine's filters. The one place either crosses the seam.
    /// </summary>
    internal static class Records
    {
        public static StudioFlow Flow(FlowRecord f) => new StudioFlow
        {
            Sid = f.Sid,
            FriendlyName = f.FriendlyName,
            Status = f.Status,
            Revision = f.Revision,
            Valid = f.Valid,
            CommitMessage = f.CommitMessage,
            DateCreated = f.DateCreated,
            DateUpdated = f.DateUpdated,
            DefinitionText = new JsonText(f.Definition),
            AccountSid = f.AccountSid,
            Url = f.Url,
        };

        public static StudioExecution Execution(ExecutionRecord e) => new StudioExecution
        {
            Sid = e.Sid,
            FlowSid = e.FlowSid,
            AccountSid = e.AccountSid,
            ContactAddress = e.ContactAddress,
            ContactSid = e.ContactSid,
            IsActive = e.IsActive,
            DateCreated = e.DateCreated,
            DateUpdated = e.DateUpdated,
            FlowRevision = e.FlowRevision,
            InitiatedBy = e.InitiatedBy,
            Url = e.Url,
        };

        /// <summary>A step, with its flow's name (when known) and its account, which Twilio's answer leaves out.</summary>
        public static StudioExecutionStep Step(StepRecord s, string? flowName, string accountSid) => new StudioExecutionStep
        {
            Sid = s.Sid,
            ExecutionSid = s.ExecutionSid,
            FlowSid = s.FlowSid,
            AccountSid = accountSid,
            FlowName = flowName,
            Name = s.Name,
            TransitionedFromType = s.Type,
            TransitionedFrom = s.TransitionedFrom,
            TransitionedTo = s.TransitionedTo,
            DateCreated = s.DateCreated,
            ParentStepSid = s.ParentStepSid,
            Url = s.Url,
        };

        public static StudioExecutionContext Context(ContextRecord c) => new StudioExecutionContext
        {
            FlowSid = c.FlowSid,
            ExecutionSid = c.ExecutionSid,
            StepSid = c.StepSid,
            AccountSid = c.AccountSid,
            ContextText = new JsonText(c.Context),
            Url = c.Url,
        };

        public static StudioSubaccount Subaccount(AccountRecord a) => new StudioSubaccount
        {
            AccountSid = a.Sid,
            FriendlyName = a.FriendlyName,
            Status = a.Status switch { "suspended" => StudioSubaccountStatus.Suspended, "closed" => StudioSubaccountStatus.Closed, _ => StudioSubaccountStatus.Active },
            OwnerAccountSid = a.OwnerAccountSid,
            Token = a.AuthToken,
            Type = a.Type,
            DateCreated = a.DateCreated,
            DateUpdated = a.DateUpdated,
        };

        /// <summary>An execution status as Twilio spells it in a filter (active, ended); null for both.</summary>
        public static string? Word(StudioExecutionStatus? status)
            => status switch
            {
                null => null,
                StudioExecutionStatus.Active => "active",
                StudioExecutionStatus.Ended => "ended",
                _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
            };

        /// <summary>An account status as Twilio spells it in a filter (active, suspended, closed); null for all.</summary>
        public static string? Word(StudioSubaccountStatus? status)
            => status switch
            {
                null => null,
                StudioSubaccountStatus.Active => "active",
                StudioSubaccountStatus.Suspended => "suspended",
                StudioSubaccountStatus.Closed => "closed",
                _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
            };
    }
}
