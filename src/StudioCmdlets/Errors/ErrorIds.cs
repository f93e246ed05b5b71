namespace StudioCmdlets.Errors
{
    /// <summary>
    /// Every error id the module writes (ErrorRecord.FullyQualifiedErrorId starts with it), in one place: scripts
    /// match on them, so they never change. Each is a literal here, so grep finds where it is raised; the few that depend on
    /// a parameter or a resource are picked from these literals by <see cref="Empty"/>, <see cref="InvalidSid"/>,
    /// <see cref="NotFound"/> and <see cref="Conflict"/>. A test checks the catalogue against the code.
    /// </summary>
    internal static class ErrorIds
    {
        /// <summary>Connect-StudioAccount: -AccountSid names another account than the credentials.</summary>
        public const string AccountSidMismatch = nameof(AccountSidMismatch);
        /// <summary>Connect-StudioAccount with an API key but no -AccountSid.</summary>
        public const string AccountSidRequired = nameof(AccountSidRequired);
        /// <summary>Confirmation needed, but the host cannot prompt (use -Confirm:$false, -Force or -WhatIf).</summary>
        public const string ConfirmationNotPossible = nameof(ConfirmationNotPossible);
        /// <summary>Stop-StudioExecution -ContextPath is a file, or cannot be created or written.</summary>
        public const string ContextPathNotWritable = nameof(ContextPathNotWritable);
        /// <summary>Get-StudioExecution -CreatedAfter is in the future: nothing can match.</summary>
        public const string CreatedAfterInFuture = nameof(CreatedAfterInFuture);
        /// <summary>An auth token or API secret that is empty.</summary>
        public const string EmptySecret = nameof(EmptySecret);
        /// <summary>Stop-StudioExecution -JournalPath given but empty ($null, ''): the journal is never silently off.</summary>
        public const string EmptyJournalPath = nameof(EmptyJournalPath);
        /// <summary>Stop-StudioExecution -ContextPath given but empty: the context backup is never silently off.</summary>
        public const string EmptyContextPath = nameof(EmptyContextPath);
        /// <summary>An endpoint URL with a user name or password in it.</summary>
        public const string EndpointContainsCredentials = nameof(EndpointContainsCredentials);
        /// <summary>An endpoint ending in Studio's API path (/v2...): give the host only.</summary>
        public const string EndpointIncludesApiPath = nameof(EndpointIncludesApiPath);
        /// <summary>Test-StudioFlow -Path names no file.</summary>
        public const string FlowFileNotFound = nameof(FlowFileNotFound);
        /// <summary>Test-StudioFlow -Path names a file that cannot be read.</summary>
        public const string FlowFileUnreadable = nameof(FlowFileUnreadable);
        /// <summary>Some TWILIO_* variables are set, but not enough to connect.</summary>
        public const string IncompleteEnvironmentCredentials = nameof(IncompleteEnvironmentCredentials);
        /// <summary>A piped object that names no flow or execution; the message lists the expected columns.</summary>
        public const string InputNotRecognized = nameof(InputNotRecognized);
        /// <summary>An http:// endpoint other than the local machine.</summary>
        public const string InsecureEndpoint = nameof(InsecureEndpoint);
        /// <summary>An account SID that is not AC followed by 32 hex digits.</summary>
        public const string InvalidAccountSid = nameof(InvalidAccountSid);
        /// <summary>A credential whose user name is neither an account SID nor an API key SID.</summary>
        public const string InvalidCredentialUserName = nameof(InvalidCredentialUserName);
        /// <summary>Get-StudioStuckExecution -CallTimeLimit outside Twilio's range for a call (1 minute to 24 hours).</summary>
        public const string InvalidCallTimeLimit = nameof(InvalidCallTimeLimit);
        /// <summary>New-StudioExecution -To is a phone number that cannot be made E.164 without a guess (no country code, too few digits).</summary>
        public const string InvalidTo = nameof(InvalidTo);
        /// <summary>New-StudioExecution -From, likewise.</summary>
        public const string InvalidFrom = nameof(InvalidFrom);
        /// <summary>Get-StudioExecution -CreatedAfter is not earlier than -CreatedBefore.</summary>
        public const string InvalidDateRange = nameof(InvalidDateRange);
        /// <summary>An endpoint that is not an absolute http(s) URL.</summary>
        public const string InvalidEndpoint = nameof(InvalidEndpoint);
        /// <summary>A TWILIO_* or STUDIOCMDLETS_* variable with a value that cannot be used.</summary>
        public const string InvalidEnvironmentSetting = nameof(InvalidEnvironmentSetting);
        /// <summary>A flow definition that is not Studio JSON.</summary>
        public const string InvalidFlowDefinition = nameof(InvalidFlowDefinition);
        /// <summary>Test-StudioFlow -MaxWait is not positive.</summary>
        public const string InvalidMaxWait = nameof(InvalidMaxWait);
        /// <summary>-MaxRetryCount out of range.</summary>
        public const string InvalidRetryCount = nameof(InvalidRetryCount);
        /// <summary>-RetryDelayMilliseconds out of range.</summary>
        public const string InvalidRetryDelay = nameof(InvalidRetryDelay);
        /// <summary>-TimeoutSec out of range.</summary>
        public const string InvalidTimeout = nameof(InvalidTimeout);
        /// <summary>Repair-StudioFlow -Destination given but empty.</summary>
        public const string EmptyDestination = nameof(EmptyDestination);
        /// <summary>Repair-StudioFlow -Destination cannot be written.</summary>
        public const string DestinationNotWritable = nameof(DestinationNotWritable);
        /// <summary>Repair-StudioFlow -Destination would overwrite the file read: the original is the way back.</summary>
        public const string DestinationIsSource = nameof(DestinationIsSource);
        /// <summary>Repair-StudioFlow -ExitTo names no widget of the flow.</summary>
        public const string InvalidExitTo = nameof(InvalidExitTo);
        /// <summary>Repair-StudioFlow: the flow's latest revision is an unpublished draft, and -Revision did not name it.</summary>
        public const string StudioFlowDraftPending = nameof(StudioFlowDraftPending);
        /// <summary>Repair-StudioFlow: the flow changed between the read and the write (someone edited it); nothing was written.</summary>
        public const string StudioFlowChanged = nameof(StudioFlowChanged);
        /// <summary>Repair-StudioFlow: Studio's Flow Validate refused the repaired definition (81022).</summary>
        public const string StudioFlowInvalid = nameof(StudioFlowInvalid);
        /// <summary>Repair-StudioFlow: the repaired definition still strands contacts past -MaxWait; nothing was written.</summary>
        public const string StudioFlowNotRepaired = nameof(StudioFlowNotRepaired);
        /// <summary>Restore-StudioFlow: no such revision of the flow.</summary>
        public const string StudioFlowRevisionNotFound = nameof(StudioFlowRevisionNotFound);
        /// <summary>Stop-StudioExecution: the journal holds an earlier run's end request without an outcome, and it could not be read back; nothing was sent.</summary>
        public const string JournalNotReconciled = nameof(JournalNotReconciled);
        /// <summary>Stop-StudioExecution -JournalPath cannot be written.</summary>
        public const string JournalNotWritable = nameof(JournalNotWritable);
        /// <summary>HTTP 403: the credentials may not use Studio on this account.</summary>
        public const string StudioAccessDenied = nameof(StudioAccessDenied);
        /// <summary>Twilio answered for another account, or an execution belongs to another account: nothing is written.</summary>
        public const string StudioAccountMismatch = nameof(StudioAccountMismatch);
        /// <summary>HTTP 401: wrong credentials; the command stops.</summary>
        public const string StudioAuthenticationFailed = nameof(StudioAuthenticationFailed);
        /// <summary>Get-StudioSubaccount with a Standard API key: listing and reading accounts takes a Main key or the auth token.</summary>
        public const string StudioMainKeyRequired = nameof(StudioMainKeyRequired);
        /// <summary>Get-StudioSubaccount -FriendlyName without wildcards matched no subaccount.</summary>
        public const string StudioSubaccountNotFound = nameof(StudioSubaccountNotFound);
        /// <summary>A subaccount refused a request (suspended, closed, token rotated): one error for it; the other accounts carry on.</summary>
        public const string StudioSubaccountRefused = nameof(StudioSubaccountRefused);
        /// <summary>No connection to Twilio (refused, reset, DNS, TLS), after retries.</summary>
        public const string StudioConnectionFailed = nameof(StudioConnectionFailed);
        /// <summary>Remove-StudioExecution of an active execution without -IncludeActive.</summary>
        public const string StudioExecutionActive = nameof(StudioExecutionActive);
        /// <summary>An execution SID found in no flow of the account.</summary>
        public const string StudioExecutionNotFound = nameof(StudioExecutionNotFound);
        /// <summary>A flow name or SID that matches no flow.</summary>
        public const string StudioFlowNotFound = nameof(StudioFlowNotFound);
        /// <summary>HTTP 400: Twilio rejected a parameter.</summary>
        public const string StudioInvalidRequest = nameof(StudioInvalidRequest);
        /// <summary>No connection: neither Connect-StudioAccount nor TWILIO_* variables.</summary>
        public const string StudioNotConnected = nameof(StudioNotConnected);
        /// <summary>HTTP 429 after every retry.</summary>
        public const string StudioRateLimited = nameof(StudioRateLimited);
        /// <summary>A fault in the module itself (an exception it does not expect), not Twilio's or the network's: report it.</summary>
        public const string StudioInternalError = nameof(StudioInternalError);
        /// <summary>A request failed in a way no other id describes.</summary>
        public const string StudioRequestFailed = nameof(StudioRequestFailed);
        /// <summary>Never sent: the command was halted first.</summary>
        public const string StudioRequestNotSent = nameof(StudioRequestNotSent);
        /// <summary>No answer within -TimeoutSec, after retries.</summary>
        public const string StudioRequestTimeout = nameof(StudioRequestTimeout);
        /// <summary>HTTP 5xx after every retry.</summary>
        public const string StudioServiceError = nameof(StudioServiceError);
        /// <summary>Three connection failures in a row with no answer between them: the command stops with this one error.</summary>
        public const string StudioServiceUnreachable = nameof(StudioServiceUnreachable);
        /// <summary>Something other than Twilio's JSON answered (a proxy's error page).</summary>
        public const string StudioUnexpectedResponse = nameof(StudioUnexpectedResponse);

        /// <summary>A scope given but empty ($null, '', @()): never taken to mean "all".</summary>
        public const string EmptyFlowSid = nameof(EmptyFlowSid);
        /// <summary>-ExecutionSid given but empty.</summary>
        public const string EmptyExecutionSid = nameof(EmptyExecutionSid);
        /// <summary>Get-StudioExecutionContext -StepSid given but empty.</summary>
        public const string EmptyStepSid = nameof(EmptyStepSid);
        /// <summary>-ContactAddress given but empty.</summary>
        public const string EmptyContactAddress = nameof(EmptyContactAddress);
        /// <summary>-Name given but empty.</summary>
        public const string EmptyName = nameof(EmptyName);
        /// <summary>Get-StudioSubaccount -FriendlyName given but empty.</summary>
        public const string EmptyFriendlyName = nameof(EmptyFriendlyName);
        /// <summary>Get-StudioSubaccount -Status given but empty.</summary>
        public const string EmptyStatus = nameof(EmptyStatus);
        /// <summary>-Connection given but $null: never another account's.</summary>
        public const string EmptyConnection = nameof(EmptyConnection);
        /// <summary>New-StudioExecution -To empty.</summary>
        public const string EmptyTo = nameof(EmptyTo);
        /// <summary>New-StudioExecution -From empty.</summary>
        public const string EmptyFrom = nameof(EmptyFrom);
        /// <summary>Get-StudioStuckExecution -Threshold negative.</summary>
        public const string InvalidThreshold = nameof(InvalidThreshold);
        /// <summary>Get-StudioStuckExecution -LiveWindow negative.</summary>
        public const string InvalidLiveWindow = nameof(InvalidLiveWindow);
        /// <summary>A flow SID (FW...) of the wrong kind or shape.</summary>
        public const string InvalidFlowSid = nameof(InvalidFlowSid);
        /// <summary>An execution SID (FN...) of the wrong kind or shape.</summary>
        public const string InvalidExecutionSid = nameof(InvalidExecutionSid);
        /// <summary>A step SID (FT...) of the wrong kind or shape.</summary>
        public const string InvalidStepSid = nameof(InvalidStepSid);
        /// <summary>HTTP 404 for an execution step.</summary>
        public const string StudioExecutionStepNotFound = nameof(StudioExecutionStepNotFound);
        /// <summary>HTTP 404 for an account.</summary>
        public const string StudioAccountNotFound = nameof(StudioAccountNotFound);
        /// <summary>HTTP 409 for an execution: the contact has an active execution in the flow.</summary>
        public const string StudioExecutionConflict = nameof(StudioExecutionConflict);
        /// <summary>HTTP 409 for a flow.</summary>
        public const string StudioFlowConflict = nameof(StudioFlowConflict);
        /// <summary>-ConversationSid given but empty.</summary>
        public const string EmptyConversationSid = nameof(EmptyConversationSid);
        /// <summary>A conversation SID that is not CH followed by 32 hex digits.</summary>
        public const string InvalidConversationSid = nameof(InvalidConversationSid);
        /// <summary>HTTP 404 for a conversation.</summary>
        public const string StudioConversationNotFound = nameof(StudioConversationNotFound);
        /// <summary>HTTP 409 for a conversation (50416: the contact and our number are bound in another conversation).</summary>
        public const string StudioConversationConflict = nameof(StudioConversationConflict);

        /// <summary>A conversation timer below Twilio's minimum (1 minute inactive, 10 minutes closed), refused before any request.</summary>
        public const string InvalidConversationTimer = nameof(InvalidConversationTimer);
        /// <summary>Set-StudioConversationSetting given no setting to change.</summary>
        public const string NoConversationSetting = nameof(NoConversationSetting);

        /// <summary>The id for a scope parameter given but empty; a parameter without one is a bug, caught by the catalogue's test.</summary>
        public static string Empty(string parameter) => parameter switch
        {
            "FlowSid" => EmptyFlowSid,
            "ExecutionSid" => EmptyExecutionSid,
            "StepSid" => EmptyStepSid,
            "ContactAddress" => EmptyContactAddress,
            "Address" => EmptyContactAddress,
            "Name" => EmptyName,
            "FriendlyName" => EmptyFriendlyName,
            "Status" => EmptyStatus,
            "Connection" => EmptyConnection,
            "To" => EmptyTo,
            "From" => EmptyFrom,
            "ConversationSid" => EmptyConversationSid,
            _ => throw new ArgumentOutOfRangeException(nameof(parameter), parameter, "No Empty id for this parameter: add one to ErrorIds."),
        };

        /// <summary>The id for a SID of the wrong kind or shape, by the kind that was wanted.</summary>
        public static string InvalidSid(Client.SidKind kind) => kind switch
        {
            Client.SidKind.Flow => InvalidFlowSid,
            Client.SidKind.Execution => InvalidExecutionSid,
            Client.SidKind.Step => InvalidStepSid,
            Client.SidKind.Account => InvalidAccountSid,
            Client.SidKind.Conversation => InvalidConversationSid,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No Invalid...Sid id for this kind: add one to ErrorIds."),
        };

        /// <summary>The id for an HTTP 404, by the resource asked for.</summary>
        public static string NotFound(Client.SidKind resource) => resource switch
        {
            Client.SidKind.Flow => StudioFlowNotFound,
            Client.SidKind.Execution => StudioExecutionNotFound,
            Client.SidKind.Step => StudioExecutionStepNotFound,
            Client.SidKind.Conversation => StudioConversationNotFound,
            Client.SidKind.Account => StudioAccountNotFound,
            _ => StudioRequestFailed,
        };

        /// <summary>The id for an HTTP 409, by the resource asked for.</summary>
        public static string Conflict(Client.SidKind resource) => resource switch
        {
            Client.SidKind.Execution => StudioExecutionConflict,
            Client.SidKind.Flow => StudioFlowConflict,
            Client.SidKind.Conversation => StudioConversationConflict,
            _ => StudioRequestFailed,
        };
    }
}
