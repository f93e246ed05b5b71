namespace StudioCmdlets.Model
{
    /// <summary>A Twilio account's status (Twilio's account status enum).</summary>
    public enum StudioSubaccountStatus
    {
        /// <summary>In use.</summary>
        Active,
        /// <summary>Suspended: its API requests are refused until it is reactivated.</summary>
        Suspended,
        /// <summary>Closed for good (Twilio deletes it 30 days later).</summary>
        Closed,
    }
}
