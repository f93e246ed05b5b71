using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace StudioCmdlets.Commands
{
    /// <summary>
    /// The audit trail of Stop-StudioExecution: one JSON line per event (<see cref="JournalLines"/>). The journal is written ahead: a line with
    /// outcome Attempted goes out before an execution's end request is sent, and its outcome after, so even a run
    /// killed outright (kill -9) leaves no execution ended and unrecorded. An execution's last line is its state; a
    /// last line Attempted, or Failed with outcomeKnown false (no answer came), leaves its outcome to the next run.
    /// </summary>
    internal sealed class StopJournal : IDisposable
    {
        /// <summary>The outcome written before the end request: sent, or about to be; its result not known yet.</summary>
        public const string Attempted = nameof(Attempted);
        /// <summary>The outcome a later run writes for an attempt it found without an outcome, after reading the execution.</summary>
        public const string Reconciled = nameof(Reconciled);

        private readonly JournalLines _lines;

        public StopJournal(string path, string runId)
        {
            Path = path;
            Unresolved = ReadUnresolved(path);
            _lines = new JournalLines(path, runId);
        }

        public string Path { get; }

        /// <summary>Attempts an earlier run journaled without an outcome (it was killed, or stopped with requests in flight).</summary>
        public IReadOnlyList<JournaledAttempt> Unresolved { get; }

        public void Write(StudioExecution e, string outcome, string? widget, string? detail, string? contextFile, string? status = null, bool outcomeKnown = true)
        {
            _lines.Write(outcome, e.Sid, w =>
            {
                w.WriteString("flowSid", e.FlowSid);
                JournalLines.Text(w, "accountSid", e.AccountSid);
                JournalLines.Text(w, "flowName", e.FlowName);
                JournalLines.Text(w, "contact", e.ContactAddress);
                // When it started, when the input said (a CSV of a few columns may name the contact and not the date).
                if (e.ContactAddress is not null && e.DateCreated != default)
                {
                    w.WriteString("dateCreated", e.DateCreated.ToString("o", CultureInfo.InvariantCulture));
                    w.WriteNumber("ageSeconds", Math.Round(e.Age.TotalSeconds));
                }
                JournalLines.Text(w, "widget", widget);
                JournalLines.Text(w, "contextFile", contextFile);
                JournalLines.Text(w, "detail", detail);
                if (status is not null) w.WriteString("status", status);
                // A failure after the request went out (no answer, a dropped connection): Twilio may have carried it out.
                if (!outcomeKnown) w.WriteBoolean("outcomeKnown", false);
            });
        }

        /// <summary>The executions whose last line in the journal is an attempt: their outcome was never recorded.</summary>
        private static IReadOnlyList<JournaledAttempt> ReadUnresolved(string path)
        {
            if (!File.Exists(path)) return Array.Empty<JournaledAttempt>();
            var last = new Dictionary<string, JournaledAttempt?>(StringComparer.OrdinalIgnoreCase);
            using (var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite), Encoding.UTF8))
            {
                string? line;
                while ((line = reader.ReadLine()) is not null)
                {
                    if (line.Trim().Length == 0) continue;
                    try
                    {
                        using (var doc = JsonDocument.Parse(line))
                        {
                            var root = doc.RootElement;
                            var sid = Field(root, "sid");
                            if (sid is null) continue;
                            var outcome = Field(root, "outcome");
                            var unknown = outcome == Attempted
                                || (outcome == nameof(StudioStopOutcome.Failed) && root.TryGetProperty("outcomeKnown", out var known) && known.ValueKind == JsonValueKind.False);
                            last[sid] = unknown
                                ? new JournaledAttempt(sid, Field(root, "flowSid") ?? "", Field(root, "runId"), Field(root, "flowName"), Field(root, "contact"), Field(root, "widget"))
                                { AccountSid = Field(root, "accountSid") }
                                : null;
                        }
                    }
                    catch (JsonException)
                    {
                        // A line cut short by a kill: the attempt before it, if any, still stands.
                    }
                }
            }
            return last.Values.Where(a => a is not null).Select(a => a!).ToList();
        }

        private static string? Field(JsonElement e, string name)
            => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        public void Dispose() => _lines.Dispose();
    }
}
