namespace StudioCmdlets.Contract
{
    /// <summary>What kind of failure a request met.</summary>
    public enum StudioFailure
    {
        /// <summary>Twilio answered with an error (its JSON: code, message, link).</summary>
        Answered,
        /// <summary>Something answered that was not Twilio's JSON (a proxy's error page).</summary>
        UnexpectedResponse,
        /// <summary>No answer in time.</summary>
        Timeout,
        /// <summary>No connection (refused, reset, DNS, TLS).</summary>
        Unreachable,
        /// <summary>Twilio answered for another account than the connection's (an API key with the wrong -AccountSid).</summary>
        WrongAccount,
        /// <summary>Never sent: the command was halted (-ErrorAction Stop, a dead service) before this request went out.</summary>
        NotSent,
        /// <summary>A fault in this module (an exception it does not expect): neither Twilio's nor the network's, and to be reported.</summary>
        Internal,
    }
}
