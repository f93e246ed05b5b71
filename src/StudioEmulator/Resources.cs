namespace StudioEmulator;

/// <summary>Writes resources exactly as Twilio's Studio v2 returns them (snake_case, absolute URLs, ISO 8601 dates).</summary>
internal sealed class Resources
{
    public const string Origin = "https://studio.twilio.com";
    private readonly Store _store;

    public Resources(Store store) => _store = store;

    public static string Date(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public void WriteFlow(Utf8JsonWriter w, Flow f, bool withDefinition)
    {
        var url = $"{Origin}/v2/Flows/{f.Sid}";
        WriteFlowHead(w, f, f.Revision, withDefinition ? f.Definition : null, f.Status, f.CommitMessage);
        if (withDefinition) { w.WriteBoolean("valid", true); w.WriteStartArray("errors"); w.WriteEndArray(); w.WriteStartArray("warnings"); w.WriteEndArray(); }
        else { w.WriteNull("valid"); w.WriteNull("errors"); w.WriteNull("warnings"); }
        w.WriteString("webhook_url", $"https://webhooks.twilio.com/v1/Accounts/{_store.AccountSid}/Flows/{f.Sid}");
        w.WriteString("date_created", Date(f.DateCreated));
        w.WriteString("date_updated", Date(f.DateUpdated));
        w.WriteString("url", url);
        w.WriteStartObject("links");
        w.WriteString("test_users", url + "/TestUsers");
        w.WriteString("revisions", url + "/Revisions");
        w.WriteString("executions", url + "/Executions");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>What a flow and its revisions have in common: opens the object and writes it up to commit_message.</summary>
    private void WriteFlowHead(Utf8JsonWriter w, Flow f, int revision, JsonObject? definition, FlowStatus status, string? commitMessage)
    {
        w.WriteStartObject();
        w.WriteString("sid", f.Sid);
        w.WriteString("account_sid", _store.AccountSid);
        w.WriteString("author_sid", f.AuthorSid);
        w.WriteString("friendly_name", f.FriendlyName);
        w.WritePropertyName("definition");
        if (definition is null) w.WriteNullValue(); else definition.WriteTo(w);
        w.WriteString("status", status.Wire());
        w.WriteNumber("revision", revision);
        if (commitMessage is null) w.WriteNull("commit_message"); else w.WriteString("commit_message", commitMessage);
    }

    public void WriteRevision(Utf8JsonWriter w, Flow f, int revision, JsonObject definition)
    {
        (FlowStatus Status, string? CommitMessage, DateTimeOffset At) info;
        lock (f.Revisions) info = f.RevisionInfo.TryGetValue(revision, out var i) ? i : (f.Status, f.CommitMessage, f.DateUpdated);
        WriteFlowHead(w, f, revision, definition, info.Status, info.CommitMessage);
        w.WriteBoolean("valid", true);
        w.WriteStartArray("errors"); w.WriteEndArray();
        w.WriteString("date_created", Date(f.DateCreated));
        w.WriteString("date_updated", Date(f.DateUpdated));
        w.WriteString("url", $"{Origin}/v2/Flows/{f.Sid}/Revisions/{revision.ToString(CultureInfo.InvariantCulture)}");
        w.WriteEndObject();
    }

    public void WriteExecution(Utf8JsonWriter w, Execution e)
    {
        var url = $"{Origin}/v2/Flows/{e.FlowSid}/Executions/{e.Sid}";
        w.WriteStartObject();
        w.WriteString("sid", e.Sid);
        w.WriteString("account_sid", _store.AccountSid);
        w.WriteString("flow_sid", e.FlowSid);
        w.WriteString("contact_channel_address", e.ContactAddress);
        w.WriteString("contact_sid", e.ContactSid);
        w.WriteNumber("flow_version", e.FlowVersion);
        w.WriteStartObject("context"); w.WriteEndObject();
        w.WriteString("status", e.Status.Wire());
        w.WriteString("date_created", Date(e.DateCreated));
        w.WriteString("date_updated", Date(e.DateUpdated));
        w.WriteString("initiated_by", e.InitiatedBy);
        w.WriteString("url", url);
        w.WriteStartObject("links");
        w.WriteString("steps", url + "/Steps");
        w.WriteString("execution_context", url + "/Context");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public void WriteStep(Utf8JsonWriter w, Execution e, int index)
    {
        var t = e.Path[index];
        var sid = StepSid(e, index);
        var url = $"{Origin}/v2/Flows/{e.FlowSid}/Executions/{e.Sid}/Steps/{sid}";
        var at = Date(e.DateCreated + t.After);
        w.WriteStartObject();
        w.WriteString("sid", sid);
        w.WriteString("account_sid", _store.AccountSid);
        w.WriteString("flow_sid", e.FlowSid);
        w.WriteString("execution_sid", e.Sid);
        w.WriteNull("parent_step_sid");
        w.WriteString("name", t.Name);
        w.WriteStartObject("context"); w.WriteEndObject();
        w.WriteString("transitioned_from", t.From);
        w.WriteString("transitioned_to", t.To);
        w.WriteString("type", StepType(e, index));
        w.WriteString("date_created", at);
        w.WriteString("date_updated", at);
        w.WriteString("url", url);
        w.WriteStartObject("links");
        w.WriteString("step_context", url + "/Context");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>
    /// A step's <c>type</c> is the type of the widget it transitioned from: Twilio's own example of a step is
    /// transitioned_from Trigger, transitioned_to Ended, type trigger. The first step leaves the trigger.
    /// </summary>
    public static string StepType(Execution e, int index) => index == 0 ? "trigger" : e.Path[index - 1].ToType;

    public static string StepSid(Execution e, int index) => Sids.Derive("FT", e.Sid + "/" + index.ToString(CultureInfo.InvariantCulture));

    public static int FindStep(Execution e, string stepSid)
    {
        for (var i = 0; i < e.Path.Length; i++) if (StepSid(e, i) == stepSid) return i;
        return -1;
    }

    /// <summary>The execution's context as Studio keeps it: trigger, contact, flow data and the widgets it passed.</summary>
    public JsonObject ExecutionContext(Execution e, int upToStep = int.MaxValue)
    {
        var flow = _store.GetFlow(e.FlowSid);
        var channel = flow?.ChannelAddress ?? "";
        var trigger = e.Path[0].Name switch
        {
            "incomingMessage" => new JsonObject { ["message"] = new JsonObject { ["Body"] = e.TriggerBody, ["From"] = e.ContactAddress, ["To"] = channel, ["MessageSid"] = e.InitiatedBy, ["AccountSid"] = _store.AccountSid } },
            "incomingConversationMessage" => new JsonObject { ["conversation"] = new JsonObject { ["Body"] = e.TriggerBody, ["Author"] = e.ContactAddress, ["ConversationSid"] = e.InitiatedBy, ["Source"] = "SDK" } },
            "incomingCall" => new JsonObject { ["call"] = new JsonObject { ["From"] = e.ContactAddress, ["To"] = channel, ["CallSid"] = e.InitiatedBy, ["CallStatus"] = "in-progress" } },
            _ => new JsonObject { ["request"] = new JsonObject { ["to"] = e.ContactAddress, ["from"] = channel, ["parameters"] = e.Parameters?.DeepClone() ?? new JsonObject() } },
        };
        var widgets = new JsonObject();
        var states = flow?.Definition["states"] as JsonArray;
        for (var i = 0; i < e.Path.Length && i <= upToStep; i++)
        {
            var t = e.Path[i];
            if (t.To == "Ended") continue;
            var widget = new JsonObject { ["type"] = t.ToType, ["entered"] = Date(e.DateCreated + t.After) };
            var body = states?.OfType<JsonObject>().FirstOrDefault(s => (string?)s["name"] == t.To)?["properties"]?["body"]?.GetValue<string>();
            if (body is not null) widget["outbound"] = new JsonObject { ["Body"] = body, ["Status"] = "delivered", ["To"] = e.ContactAddress };
            if (i + 1 < e.Path.Length && e.Path[i + 1].Name == "incomingMessage") widget["inbound"] = new JsonObject { ["Body"] = "TECH", ["From"] = e.ContactAddress };
            widgets[t.To] = widget;
        }
        return new JsonObject
        {
            ["flow"] = new JsonObject
            {
                ["flow_sid"] = e.FlowSid, ["sid"] = e.Sid, ["channel"] = new JsonObject { ["address"] = channel },
                ["data"] = e.Parameters?.DeepClone() ?? new JsonObject(), ["variables"] = new JsonObject(),
            },
            ["contact"] = new JsonObject { ["channel"] = new JsonObject { ["address"] = e.ContactAddress } },
            ["trigger"] = trigger,
            ["widgets"] = widgets,
        };
    }

    public static void WriteMeta(Utf8JsonWriter w, string key, string path, string query, int page, int pageSize, string? token, string? nextToken, string? prevToken)
    {
        string Url(int p, string? token) => $"{Origin}{path}?{query}{(query.Length > 0 ? "&" : "")}PageSize={pageSize}&Page={p}{(token is null ? "" : "&PageToken=" + token)}";
        w.WriteStartObject("meta");
        w.WriteNumber("page", page);
        w.WriteNumber("page_size", pageSize);
        w.WriteString("first_page_url", Url(0, null));
        if (prevToken is null || page == 0) w.WriteNull("previous_page_url"); else w.WriteString("previous_page_url", Url(page - 1, prevToken));
        w.WriteString("url", Url(page, token));
        if (nextToken is null) w.WriteNull("next_page_url"); else w.WriteString("next_page_url", Url(page + 1, nextToken));
        w.WriteString("key", key);
        w.WriteEndObject();
    }
}
