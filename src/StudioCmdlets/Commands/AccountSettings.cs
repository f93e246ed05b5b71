using StudioCmdlets.Contract;

namespace StudioCmdlets.Commands
{
    /// <summary>What Test- and Set-StudioConversationSetting do first for each account: point at it, and read its settings.</summary>
    internal static class AccountSettings
    {
        /// <summary>
        /// Points <paramref name="cmdlet"/> at the piped item's account (or the connection's) and reads its Conversations
        /// configuration (one request). False when the account cannot be used or the read failed: the error is written.
        /// </summary>
        public static bool Read(StudioCmdlet cmdlet, string? account, string what, out StudioClient client, out ConversationSettingsRecord settings)
        {
            client = null!;
            settings = null!;
            if (!cmdlet.UseAccount(account, account ?? "", what, "Subaccount")) return false;
            var (c, sid) = (cmdlet.Client, cmdlet.Client.AccountSid);
            client = c;
            return cmdlet.TryRequest(t => c.Engine.FetchConversationSettingsAsync(t), SidKind.Account, $"reading the Conversations settings of {sid}", sid, out settings);
        }
    }
}
