namespace StudioCmdlets.Model
{
    /// <summary>Twilio's states of a conversation, as -State takes them: an inactive conversation still holds its contact.</summary>
    public enum StudioConversationStatus
    {
        /// <summary>In use.</summary>
        Active,
        /// <summary>Not in use but not closed: it still holds the contact, and a new message makes it active again.</summary>
        Inactive,
        /// <summary>Closed for good: it holds nobody.</summary>
        Closed,
    }
}
