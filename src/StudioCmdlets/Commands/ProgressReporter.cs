using System.Diagnostics;
using System.Globalization;

namespace StudioCmdlets.Commands
{
    /// <summary>
    /// Write-Progress for long work, at most a few times a second, with counts and rate; percent and time
    /// left only when the total is known. Call only on the pipeline thread; <see cref="Complete"/> in finally.
    /// </summary>
    internal sealed class ProgressReporter
    {
        private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
        // Quick commands show no progress at all.
        private static readonly TimeSpan FirstShown = TimeSpan.FromMilliseconds(500);
        private static int _nextId = 7100;
        private readonly Cmdlet _cmdlet;
        private readonly int _id;
        private readonly string _activity;
        private string _status = "Starting";
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan _last = TimeSpan.Zero;
        private bool _shown;

        public ProgressReporter(Cmdlet cmdlet, string activity)
        {
            _cmdlet = cmdlet;
            _id = System.Threading.Interlocked.Increment(ref _nextId);
            _activity = activity;
        }

        /// <param name="done">Items finished (succeeded or failed).</param>
        /// <param name="total">Items known in all, when known.</param>
        /// <param name="detail">What the counts are, for the status line.</param>
        public void Update(long done, long? total, string detail) => Update(done, total, () => detail);

        /// <summary>The same, building the status text only when a record is written (callers tick per item).</summary>
        public void Update(long done, long? total, Func<string> describe)
        {
            var now = _clock.Elapsed;
            if (now < FirstShown || (_shown && now - _last < Interval)) return;
            var detail = describe();
            _last = now;
            var rate = now.TotalSeconds > 0.5 ? done / now.TotalSeconds : 0;
            _status = rate > 0 ? $"{detail} ({rate.ToString("0", CultureInfo.InvariantCulture)}/s)" : detail;
            // A new record each time: hosts and $ps.Streams.Progress keep the records they are given.
            var record = new ProgressRecord(_id, _activity, _status) { RecordType = ProgressRecordType.Processing };
            if (total is long t && t > 0)
            {
                record.PercentComplete = (int)Math.Min(100, done * 100 / t);
                record.SecondsRemaining = rate > 0 ? (int)((t - done) / rate) : -1;
            }
            _cmdlet.WriteProgress(record);
            _shown = true;
        }

        public void Complete()
        {
            if (!_shown) return;
            _cmdlet.WriteProgress(new ProgressRecord(_id, _activity, _status) { RecordType = ProgressRecordType.Completed });
            _shown = false;
        }
    }
}
