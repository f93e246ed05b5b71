namespace StudioCmdlets.Model
{
    /// <summary>
    /// A subaccount of the connection's account, as Twilio's Accounts API lists it. Piped to a Studio cmdlet, its
    /// <see cref="AccountSid"/> sends that cmdlet's requests to the subaccount, with the subaccount's own credentials
    /// (its auth token, read with the parent's credentials when first needed and held only as a secret). It never
    /// carries the token.
    /// </summary>
    public sealed class StudioSubaccount
    {
        /// <summary>
        /// The subaccount's auth token from the list, as a secret, for the subaccount's connection only: internal, so no
        /// view, export or JSON ever has it.
        /// </summary>
        internal System.Security.SecureString? Token { get; set; }
        /// <summary>The subaccount (AC...).</summary>
        public string AccountSid { get; internal set; } = "";
        /// <summary>The subaccount's name, as the parent gave it.</summary>
        public string FriendlyName { get; internal set; } = "";
        /// <summary>Active, Suspended or Closed.</summary>
        public StudioSubaccountStatus Status { get; internal set; }
        /// <summary>The parent account (AC...).</summary>
        public string OwnerAccountSid { get; internal set; } = "";
        /// <summary>Trial or Full.</summary>
        public string? Type { get; internal set; }
        /// <summary>When the subaccount was created (UTC).</summary>
        public DateTimeOffset? DateCreated { get; internal set; }
        /// <summary>When it was last changed (UTC).</summary>
        public DateTimeOffset? DateUpdated { get; internal set; }

        /// <summary>Never the token.</summary>
        public override string ToString() => $"{FriendlyName} ({AccountSid})";
    }
}
