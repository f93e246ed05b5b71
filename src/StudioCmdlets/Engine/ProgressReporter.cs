using System;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;

namespace StudioCmdlets.Engine
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
        private readonly ProgressRecord _record;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan _last = TimeSpan.Zero;
        private bool _shown;

        public ProgressReporter(Cmdlet cmdlet, string activity)
        {
            _cmdlet = cmdlet;
            _record = new ProgressRecord(System.Threading.Interlocked.Increment(ref _nextId), activity, "Starting");
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
            _record.StatusDescription = rate > 0 ? $"{detail} ({rate.ToString("0", CultureInfo.InvariantCulture)}/s)" : detail;
            if (total is long t && t > 0)
            {
                _record.PercentComplete = (int)Math.Min(100, done * 100 / t);
                _record.SecondsRemaining = rate > 0 ? (int)((t - done) / rate) : -1;
            }
            _record.RecordType = ProgressRecordType.Processing;
            _cmdlet.WriteProgress(_record);
            _shown = true;
        }

        public void Complete()
        {
            if (!_shown) return;
            _record.RecordType = ProgressRecordType.Completed;
            _cmdlet.WriteProgress(_record);
            _shown = false;
        }
    }
}
