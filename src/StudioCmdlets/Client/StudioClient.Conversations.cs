using StudioCmdlets.Contract;

namespace StudioCmdlets.Client
{
    /// <summary>
    /// The conversation side of an account (Conversations, Flex interaction channels, TaskRouter, the account's
    /// Conversations settings): the cmdlets use the contract's records as they are, so they ask the engine directly.
    /// A call or a field there costs the contract and the engine, not a copy here as well.
    /// </summary>
    internal sealed partial class StudioClient
    {
        /// <summary>The account this client speaks for.</summary>
        public string AccountSid => _accountSid;

        /// <summary>The account's engine, for the calls whose records need nothing from this client (the conversation side).</summary>
        public IStudioEngine Engine => _engine;
    }
}
