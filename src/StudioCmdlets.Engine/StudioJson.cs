using System.Linq;
using System.Globalization;
using System.Text.Json;

namespace StudioCmdlets.Engine
{
    /// <summary>
    /// The one reader of Twilio's JSON into the contract's records: flows, executions, steps, contexts, accounts and
    /// their pages, read with
    /// System.Text.Json straight from the transport's pooled bytes. Twilio's own models (Newtonsoft, JObject, then
    /// resources) cost about 60 ms per 1,000 executions against about 4 ms here, which made long listings CPU-bound;
    /// a test checks that both readings of a page agree field by field. Field names are those of Twilio's OpenAPI
    /// description of Studio v2.
    /// </summary>
    internal static class StudioJson
    {
        public static FlowRecord Flow(JsonElement f) => new FlowRecord
        {
            Sid = Text(f, "sid") ?? "",
            FriendlyName = Text(f, "friendly_name") ?? "",
            Status = Text(f, "status") ?? "",
            Revision = Int(f, "revision") ?? 0,
            Valid = f.TryGetProperty("valid", out var v) && (v.ValueKind == JsonValueKind.True || v.ValueKind == JsonValueKind.False) ? v.GetBoolean() : (bool?)null,
            CommitMessage = Text(f, "commit_message"),
            DateCreated = Date(f, "date_created"),
            DateUpdated = Date(f, "date_updated"),
            Definition = Raw(f, "definition"),
            AccountSid = Text(f, "account_sid"),
            Url = Url(f),
        };

        /// <summary>An account of the 2010 Accounts API; its auth_token is never read here (<see cref="AuthToken"/> reads it).</summary>
        public static AccountRecord Account(JsonElement a) => new AccountRecord
        {
            Sid = Text(a, "sid") ?? "",
            FriendlyName = Text(a, "friendly_name") ?? "",
            Status = Text(a, "status") ?? "",
            OwnerAccountSid = Text(a, "owner_account_sid") ?? "",
            AuthToken = AuthToken(a),
            Type = Text(a, "type"),
            DateCreated = Date(a, "date_created"),
            DateUpdated = Date(a, "date_updated"),
        };

        /// <summary>An account's auth_token, straight into a secret; null when the answer has none.</summary>
        public static System.Security.SecureString? AuthToken(JsonElement a)
        {
            var token = Text(a, "auth_token");
            return string.IsNullOrEmpty(token) ? null : SecretText.Protect(token!);
        }

        /// <summary>A page of the 2010 API: its items (under <paramref name="key"/>) and next_page_uri (relative to api.twilio.com).</summary>
        public static (List<T> Items, string? Next) ApiPage<T>(JsonElement root, string key, Func<JsonElement, T> item)
        {
            var next = Text(root, "next_page_uri");
            return (Items(root, key, item), string.IsNullOrEmpty(next) ? null : next);
        }

        /// <summary>A list resource's items, under <paramref name="key"/> (Studio's pages and the 2010 API's alike).</summary>
        private static List<T> Items<T>(JsonElement root, string key, Func<JsonElement, T> item)
        {
            if (!root.TryGetProperty(key, out var list) || list.ValueKind != JsonValueKind.Array) return new List<T>();
            var items = new List<T>(list.GetArrayLength());
            foreach (var e in list.EnumerateArray()) items.Add(item(e));
            return items;
        }

        public static ExecutionRecord Execution(JsonElement e) => Execution(e, new Repeats());

        /// <summary>An execution of a page: the text every item of the page repeats is read once (<see cref="Repeats"/>).</summary>
        private static ExecutionRecord Execution(JsonElement e, Repeats page)
        {
            var created = Date(e, "date_created") ?? default;
            return new ExecutionRecord
            {
                Sid = Text(e, "sid") ?? "",
                FlowSid = Repeats.Same(e, "flow_sid", ref page.Flow) ?? "",
                AccountSid = Repeats.Same(e, "account_sid", ref page.Account),
                ContactAddress = Text(e, "contact_channel_address"),
                ContactSid = Text(e, "contact_sid"),
                Status = Repeats.Same(e, "status", ref page.Status) ?? "",
                DateCreated = created,
                DateUpdated = Date(e, "date_updated") ?? created,
                FlowRevision = Int(e, "flow_version"),
                InitiatedBy = Text(e, "initiated_by"),
                Url = Url(e),
            };
        }

        public static StepRecord Step(JsonElement s) => new StepRecord
        {
            Sid = Text(s, "sid") ?? "",
            ExecutionSid = Text(s, "execution_sid") ?? "",
            FlowSid = Text(s, "flow_sid") ?? "",
            Name = Text(s, "name"),
            Type = Text(s, "type"),
            TransitionedFrom = Text(s, "transitioned_from"),
            TransitionedTo = Text(s, "transitioned_to"),
            DateCreated = Date(s, "date_created") ?? default,
            ParentStepSid = Text(s, "parent_step_sid"),
            Url = Url(s),
        };

        /// <summary>An execution's or a step's context, the asked SIDs where the answer has none; the context itself stays JSON text.</summary>
        public static ContextRecord Context(JsonElement c, string flowSid, string executionSid, string? stepSid) => new ContextRecord
        {
            FlowSid = Text(c, "flow_sid") is { Length: > 0 } flow ? flow : flowSid,
            ExecutionSid = Text(c, "execution_sid") is { Length: > 0 } execution ? execution : executionSid,
            StepSid = Text(c, "step_sid") ?? stepSid,
            AccountSid = Text(c, "account_sid"),
            Context = Raw(c, "context"),
            Url = Url(c),
        };

        /// <summary>A page of a list resource: its items (under <paramref name="key"/>) and meta.next_page_url.</summary>
        public static (List<T> Items, string? Next) Page<T>(JsonElement root, string key, Func<JsonElement, T> item)
        {
            var items = Items(root, key, item);
            string? next = null;
            if (root.TryGetProperty("meta", out var meta) && meta.TryGetProperty("next_page_url", out var n) && n.ValueKind == JsonValueKind.String)
                next = n.GetString();
            return (items, string.IsNullOrEmpty(next) ? null : next);
        }

        public static ExecutionPageRecord ExecutionPage(JsonElement root)
        {
            var page = new Repeats();
            var (items, next) = Page(root, "executions", e => Execution(e, page));
            return new ExecutionPageRecord(items, next);
        }

        /// <summary>
        /// Text that the items of one page repeat (their flow, their account, one of two statuses), kept as one string for
        /// the page instead of one per item: 1,000 executions then hold three strings, not 3,000, however long they live.
        /// </summary>
        private sealed class Repeats
        {
            public string? Flow, Account, Status;

            /// <summary>The text under <paramref name="name"/>: <paramref name="last"/> itself when equal to it, else read (and kept).</summary>
            public static string? Same(JsonElement e, string name, ref string? last)
            {
                if (!e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String) return null;
                if (last is not null && v.ValueEquals(last)) return last;
                return last = v.GetString();
            }
        }

        /// <summary>
        /// Twilio's error body: its code, message, link, and details.conflicting_execution_sid (the execution that holds
        /// the contact, on a 409 for starting one); null when the body is not one.
        /// </summary>
        public static (int Code, string Message, string? MoreInfo, string? ConflictingExecutionSid)? Error(ReadOnlyMemory<byte> body)
        {
            try
            {
                using (var doc = JsonDocument.Parse(body))
                {
                    var e = doc.RootElement;
                    if (e.ValueKind != JsonValueKind.Object || Text(e, "message") is not string message) return null;
                    var details = e.TryGetProperty("details", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
                    var conflicting = details.ValueKind == JsonValueKind.Object ? Text(details, "conflicting_execution_sid") : null;
                    // A definition Studio refuses (81022): each failure, with where it is, belongs in the message.
                    if (details.ValueKind == JsonValueKind.Object && details.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
                    {
                        var problems = errors.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object)
                            .Select(x => Text(x, "property_path") is string at ? $"{Text(x, "message")} ({at})" : Text(x, "message")).Where(x => x is not null).ToList();
                        if (problems.Count > 0) message += ": " + string.Join("; ", problems);
                    }
                    return (Int(e, "code") ?? 0, message, Text(e, "more_info"), conflicting);
                }
            }
            catch (JsonException)
            {
                return null; // not JSON: a proxy's error page
            }
        }

        public static string? Text(JsonElement e, string name)
            => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private static int? Int(JsonElement e, string name)
            => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : (int?)null;

        private static string? Raw(JsonElement e, string name)
            => e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null && v.ValueKind != JsonValueKind.Undefined ? v.GetRawText() : null;

        private static Uri? Url(JsonElement e) => Text(e, "url") is string url ? new Uri(url) : null;

        /// <summary>Twilio's dates are UTC; made explicit whatever the text says.</summary>
        internal static DateTimeOffset? Date(JsonElement e, string name)
        {
            var text = Text(e, name);
            if (text is null) return null;
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d)
                ? d : (DateTimeOffset?)null;
        }
    }
}
