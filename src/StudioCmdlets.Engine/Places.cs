namespace StudioCmdlets.Engine
{
    /// <summary>
    /// The places a request holds while on the wire: one of its account's (the adaptive gate, Twilio's limit being per
    /// account) and one of its command's (-ThrottleLimit across all the command's accounts), taken in that order so that
    /// a slow account never holds places it cannot use. A first attempt still waiting when the command halts is not sent.
    /// </summary>
    internal sealed class Places
    {
        private readonly AdaptiveGate? _gate;
        private readonly SharedPlaces? _total;
        private readonly CancellationToken _halt;

        public Places(AdaptiveGate? gate, SemaphoreSlim? total, CancellationToken halt)
        {
            _gate = gate;
            _total = total is null ? null : SharedPlaces.For(total);
            _halt = halt;
        }

        /// <summary>Takes both places; <paramref name="notSent"/> throws the not-sent failure when the command halted first.</summary>
        public async Task EnterAsync(bool first, CancellationToken cancellation, Action notSent)
        {
            var inGate = false;
            using (var either = first ? CancellationTokenSource.CreateLinkedTokenSource(cancellation, _halt) : null)
            {
                try
                {
                    if (_gate is not null)
                    {
                        await _gate.EnterAsync(either?.Token ?? cancellation).ConfigureAwait(false);
                        inGate = true;
                    }
                    if (_total is not null) await _total.WaitAsync(_gate, either?.Token ?? cancellation).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (first && !cancellation.IsCancellationRequested)
                {
                    if (inGate) _gate!.Exit();
                    notSent();
                    throw;
                }
                catch
                {
                    if (inGate) _gate!.Exit();
                    throw;
                }
            }
            if (first && _halt.IsCancellationRequested)
            {
                Exit();
                notSent();
            }
        }

        /// <summary>Gives both places back.</summary>
        public void Exit()
        {
            _total?.Release(_gate);
            _gate?.Exit();
        }
    }
}
