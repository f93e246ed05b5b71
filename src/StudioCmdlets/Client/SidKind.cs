namespace StudioCmdlets.Client
{
    /// <summary>The kinds of SID the module handles, by their two-letter prefix.</summary>
    public enum SidKind
    {
        /// <summary>Not a SID.</summary>
        None,
        /// <summary>AC: an account.</summary>
        Account,
        /// <summary>SK: an API key.</summary>
        ApiKey,
        /// <summary>FW: a Studio flow.</summary>
        Flow,
        /// <summary>FN: a flow execution.</summary>
        Execution,
        /// <summary>FT: an execution step.</summary>
        Step,
        /// <summary>FC: a Studio contact.</summary>
        Contact,
        /// <summary>CH: a conversation (Conversations v1).</summary>
        Conversation,
    }
}
