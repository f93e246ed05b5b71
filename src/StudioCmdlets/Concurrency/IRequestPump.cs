namespace StudioCmdlets.Concurrency
{
    /// <summary>What a command does with its pump whatever its items are: how many are in flight, and waiting for them.</summary>
    internal interface IRequestPump
    {
        int InFlight { get; }

        /// <summary>Waits for every request still in flight, handing each back.</summary>
        void Complete();

        /// <summary>The same wait, from inside a callback that must stop the command.</summary>
        void Drain();
    }
}
