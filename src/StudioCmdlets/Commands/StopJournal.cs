using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace StudioCmdlets.Commands
{
    /// <summary>
    /// The audit trail of a Stop-StudioExecution run: one JSON line per execution, flushed as it is written,
    /// so an interrupted run can be audited and run again (already ended executions are recorded as such).
    /// </summary>
    internal sealed class StopJournal : IDisposable
    {
        private readonly StreamWriter _writer;
        private readonly string _runId;

        public StopJournal(string path, string runId)
        {
            Path = path;
            _runId = runId;
            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            _writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
        }

        public string Path { get; }

        public void Write(StudioExecution e, string outcome, string? widget, string? detail, string? contextFile)
        {
            var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("time", DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture));
                w.WriteString("runId", _runId);
                w.WriteString("outcome", outcome);
                w.WriteString("sid", e.Sid);
                w.WriteString("flowSid", e.FlowSid);
                Text(w, "flowName", e.FlowName);
                Text(w, "contact", e.ContactAddress);
                if (e.ContactAddress is not null)
                {
                    w.WriteString("dateCreated", e.DateCreated.ToString("o", CultureInfo.InvariantCulture));
                    w.WriteNumber("ageSeconds", Math.Round(e.Age.TotalSeconds));
                }
                Text(w, "widget", widget);
                Text(w, "contextFile", contextFile);
                Text(w, "detail", detail);
                w.WriteEndObject();
            }
            _writer.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        }

        private static void Text(Utf8JsonWriter w, string name, string? value)
        {
            if (value is null) w.WriteNull(name); else w.WriteString(name, value);
        }

        public void Dispose() => _writer.Dispose();
    }
}
