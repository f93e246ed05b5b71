using System.IO;
using System.Text;

namespace StudioCmdlets.Commands
{
    /// <summary>
    /// One execution Stop-StudioExecution ends, and what it learned on the way: by SID (or to journal it) the
    /// execution is read first; to journal it, the widget it sits on (unless the input knew it); with -ContextPath,
    /// its context saved as SID.json, and it is not ended when that could not be kept. Just before the end request is
    /// sent, <c>attempting</c> is called (the journal's write-ahead line).
    /// </summary>
    internal sealed class StopRequest
    {
        private readonly bool _readWidget;
        private readonly string? _contextDirectory;
        private readonly Action<StopRequest>? _attempting;

        public StopRequest(StudioExecution input, bool verify, bool readWidget, string? contextDirectory, string? widget = null, Action<StopRequest>? attempting = null)
        {
            Input = input;
            Verify = verify;
            _readWidget = readWidget && widget is null;
            _contextDirectory = contextDirectory;
            Widget = widget;
            _attempting = attempting;
        }

        /// <summary>The execution as given, then as read back.</summary>
        public StudioExecution Input { get; private set; }
        public bool Verify { get; }
        /// <summary>The widget the execution sat on when it was ended (for the journal).</summary>
        public string? Widget { get; private set; }
        /// <summary>Where its context was saved.</summary>
        public string? ContextFile { get; private set; }
        /// <summary>True once the end request is about to be sent: from then on its outcome must be learned, or stays unknown.</summary>
        public bool Attempted { get; private set; }

        public async Task<EndOutcome> RunAsync(StudioClient client, CancellationToken cancellation)
        {
            if (Verify)
            {
                var current = (await client.GetExecutionAsync(Input.FlowSid, Input.Sid, cancellation).ConfigureAwait(false)).FillFlowName(Input.FlowName);
                Input = current;
                if (!current.IsActive) return new EndOutcome(current, AlreadyEnded: true);
            }
            var e = Input;
            if (_readWidget)
            {
                var steps = await client.GetStepsAsync(e.FlowSid, e.Sid, cancellation).ConfigureAwait(false);
                Widget = steps.Count > 0 ? steps[steps.Count - 1].TransitionedTo : null;
            }
            if (_contextDirectory is not null)
            {
                var json = PSJson.Indented((await client.GetContextAsync(e.FlowSid, e.Sid, null, cancellation).ConfigureAwait(false)).ContextText.Json);
                var file = Path.Combine(_contextDirectory, e.Sid + ".json");
                using (var writer = new StreamWriter(file, false, new UTF8Encoding(false)))
                    await writer.WriteAsync(json).ConfigureAwait(false);
                ContextFile = file;
            }
            return await client.EndExecutionAsync(e.FlowSid, e.Sid, cancellation, () =>
            {
                Attempted = true;
                _attempting?.Invoke(this);
            }).ConfigureAwait(false);
        }
    }
}
