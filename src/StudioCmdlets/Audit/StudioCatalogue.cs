namespace StudioCmdlets.Audit
{
    /// <summary>
    /// What the module knows of Studio's widgets and limits, in one place (sources in docs/twilio-behaviour.md): triage,
    /// the audit and the repair all read it here. The emulator keeps its own catalogue on purpose, so that a mistake
    /// here is caught by a disagreement there rather than copied.
    /// </summary>
    internal static class StudioCatalogue
    {
        /// <summary>Widget types as a flow definition names them.</summary>
        public const string SendAndWaitForReply = "send-and-wait-for-reply", GatherInputOnCall = "gather-input-on-call",
            SetVariables = "set-variables", SplitBasedOn = "split-based-on", SendToFlex = "send-to-flex", RunSubflow = "run-subflow",
            ConnectCallTo = "connect-call-to", EnqueueCall = "enqueue-call", RecordVoicemail = "record-voicemail", SayPlay = "say-play",
            ConnectVirtualAgent = "connect-virtual-agent";

        /// <summary>Studio ends an execution after 30 days; it also keeps an execution's data 30 days.</summary>
        public static readonly TimeSpan MaxAge = TimeSpan.FromDays(30);

        /// <summary>How <see cref="MaxAge"/> reads in a sentence: "30-day".</summary>
        public static string MaxAgeWords => $"{MaxAge.TotalDays:0}-day";

        /// <summary>Studio ends an execution after 1,000 steps, or when the same widget runs 10 times in a row.</summary>
        public const int MaxSteps = 1000, SameWidgetInARow = 10;

        /// <summary>-MaxWait unless given: the longest a silent contact may be held before a wait counts against the flow.</summary>
        public static readonly TimeSpan DefaultMaxWait = TimeSpan.FromHours(4);

        /// <summary>Twilio ends a call at its time limit: 4 hours unless the account or the call sets another, 24 hours at most.</summary>
        public static readonly TimeSpan DefaultCallTimeLimit = TimeSpan.FromHours(4), MaxCallTimeLimit = TimeSpan.FromHours(24);

        /// <summary>Send &amp; Wait for Reply waits an hour unless told otherwise; Gather Input On Call 5 seconds.</summary>
        public static readonly TimeSpan DefaultReplyTimeout = TimeSpan.FromSeconds(3600), DefaultGatherTimeout = TimeSpan.FromSeconds(5);

        // The events by which the contact moves a waiting widget: a reply, a key, speech. Nothing else is the contact:
        // a timeout, a failed delivery, an attempt counter's next and noMatch are Studio moving on without them.
        private static readonly string[] ReplyEvents = { "incomingMessage", "keypress", "speech" };

        // Widgets that hold a call: while they hold it, someone is on the line.
        private static readonly string[] CallHolders = { GatherInputOnCall, EnqueueCall, ConnectCallTo, RecordVoicemail, SayPlay, ConnectVirtualAgent };

        // Voice widgets that hold the execution until Twilio reports the call's status.
        private static readonly string[] CallStatusWaiters = { ConnectCallTo, EnqueueCall, SendToFlex, RecordVoicemail, ConnectVirtualAgent };

        /// <summary>True when the event is the contact answering (a reply, a key, speech).</summary>
        public static bool IsReply(string? evt) => evt is not null && Array.IndexOf(ReplyEvents, evt) >= 0;

        /// <summary>True when the widget holds a call; Send to Flex does in a flow that takes calls.</summary>
        public static bool HoldsCall(string type, bool flowHandlesCalls) => Array.IndexOf(CallHolders, type) >= 0 || (type == SendToFlex && flowHandlesCalls);

        /// <summary>True when the widget holds the execution until Twilio reports a call's status.</summary>
        public static bool WaitsForCallStatus(string type) => Array.IndexOf(CallStatusWaiters, type) >= 0;

        /// <summary>True for the wait that outlives the conversation (Send &amp; Wait for Reply): a call's Gather ends when the caller hangs up.</summary>
        public static bool WaitsOnMessage(string type) => type == SendAndWaitForReply;

        /// <summary>True when the widget waits for the contact, with a timeout.</summary>
        public static bool WaitsForContact(string type) => type == SendAndWaitForReply || type == GatherInputOnCall;

        /// <summary>The timeout a waiting widget has when its definition names none.</summary>
        public static TimeSpan DefaultTimeout(string type) => type == GatherInputOnCall ? DefaultGatherTimeout : DefaultReplyTimeout;
    }
}
