using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace StudioCmdlets.Commands
{
    /// <summary>
    /// The file of a write-ahead journal (Stop-StudioExecution's, Close-StudioConversation's): one JSON line per event,
    /// in plain UTF-8 (grep finds a number as it is written), appended and handed to the operating system as it is
    /// written, from any thread. Every line starts with when, which run, the outcome and the SID; the journal adds
    /// its own fields. Nothing here knows a secret.
    /// </summary>
    internal sealed class JournalLines : IDisposable
    {
        private static readonly JsonWriterOptions Plain = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        private readonly StreamWriter _writer;
        private readonly object _gate = new object();

        public JournalLines(string path, string runId)
        {
            RunId = runId;
            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            _writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
        }

        public string RunId { get; }

        public void Write(string outcome, string sid, Action<Utf8JsonWriter> fields)
        {
            var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, Plain))
            {
                w.WriteStartObject();
                w.WriteString("time", DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture));
                w.WriteString("runId", RunId);
                w.WriteString("outcome", outcome);
                w.WriteString("sid", sid);
                fields(w);
                w.WriteEndObject();
            }
            var line = Encoding.UTF8.GetString(buffer.ToArray());
            // Lines come from the pipeline thread (outcomes) and from requests in flight (attempts).
            lock (_gate) _writer.WriteLine(line);
        }

        /// <summary>A text field that is always there: null when there is no value.</summary>
        public static void Text(Utf8JsonWriter w, string name, string? value)
        {
            if (value is null) w.WriteNull(name); else w.WriteString(name, value);
        }

        public void Dispose()
        {
            lock (_gate) _writer.Dispose();
        }
    }
}
