namespace StudioCmdlets.Model
{
    /// <summary>What an active execution is doing, for deciding whether ending it is safe.</summary>
    public enum StudioExecutionState
    {
        /// <summary>Waiting on the contact or a callback, and Studio will not release it before the threshold (or ever): the contact is blocked.</summary>
        Stranded,
        /// <summary>A wait Studio releases by itself before the threshold: ending it gains little.</summary>
        Waiting,
        /// <summary>Moved within the last few minutes, or a call in progress or with an agent: never end it in bulk.</summary>
        Live,
        /// <summary>Not enough information (no steps, or a widget its flow revision does not have); the reason says which.</summary>
        Unknown,
    }
}
