namespace StudioCmdlets.Model
{
    /// <summary>What Get-StudioStuckConversation finds of a conversation that is not closed; the first that applies, in this order.</summary>
    public enum StudioConversationState
    {
        /// <summary>A Studio flow handles it (a scoped webhook with target studio): the execution side's to triage.</summary>
        InFlow,
        /// <summary>Parked by Flex (its interaction channel inactive): the contact's reply makes a task, by design.</summary>
        Parked,
        /// <summary>Someone will answer: an open task (pending, reserved, assigned, wrapping) names it, an agent is in it, or it was used within -LiveWindow.</summary>
        Live,
        /// <summary>Its close timer lets the contact go within -Threshold.</summary>
        Waiting,
        /// <summary>Nobody will answer, and nothing lets the contact go soon: every new message from them lands in it.</summary>
        Stranded,
    }
}
