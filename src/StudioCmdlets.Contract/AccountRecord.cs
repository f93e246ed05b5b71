namespace StudioCmdlets.Contract
{
    /// <summary>An account as Twilio's 2010 Accounts API answers it, without its auth_token (<see cref="IStudioEngine.FetchSubaccountTokenAsync"/> reads that).</summary>
    public sealed class AccountRecord
    {
        /// <summary>sid (AC...).</summary>
        public string Sid { get; init; } = "";
        /// <summary>friendly_name.</summary>
        public string FriendlyName { get; init; } = "";
        /// <summary>status, Twilio's word: active, suspended or closed.</summary>
        public string Status { get; init; } = "";
        /// <summary>auth_token, only as a secret: Twilio gives a parent its subaccounts' tokens in the list (null when not given).</summary>
        public System.Security.SecureString? AuthToken { get; init; }
        /// <summary>owner_account_sid: the parent.</summary>
        public string OwnerAccountSid { get; init; } = "";
        /// <summary>type (Full, Trial).</summary>
        public string? Type { get; init; }
        /// <summary>date_created (UTC).</summary>
        public DateTimeOffset? DateCreated { get; init; }
        /// <summary>date_updated (UTC).</summary>
        public DateTimeOffset? DateUpdated { get; init; }
    }
}
