using System.Text.Json;

namespace StudioEmulator.Tests;

/// <summary>Flow writes as Twilio documents them: Validate and its refusals (81022), immutable revisions, and executions on their own revision.</summary>
[Collection("emulator")]
public sealed class FlowWritesTests(EmulatorFixture emu)
{
    private const string Trigger = """{"name":"Trigger","type":"trigger","properties":{},"transitions":[{"event":"incomingRequest","next":"ask"}]}""";
    private const string Ask = """{"name":"ask","type":"send-and-wait-for-reply","properties":{"body":"Still there?","timeout":"60"},"transitions":[{"event":"timeout"}]}""";

    private static string Definition(string states, string initial = "Trigger")
        => "{\"states\":[" + states + "],\"initial_state\":\"" + initial + "\",\"flags\":{\"allow_concurrent_calls\":true}}";

    public static TheoryData<string, string, string> Refused => new()
    {
        { "a transition to a widget that does not exist", Definition(Trigger.Replace("\"ask\"", "\"nowhere\"") + "," + Ask), "nowhere" },
        { "two widgets of one name", Definition(Trigger + "," + Ask + "," + Ask), "unique" },
        { "no trigger", Definition(Ask, initial: "ask"), "trigger" },
        { "no initial_state", """{"states":[""" + Trigger + "," + Ask + """],"flags":{}}""", "initial_state" },
        { "more widgets than Studio allows", Definition(Trigger + "," + Ask + string.Concat(Enumerable.Range(0, 2000).Select(i => $",{{\"name\":\"w{i}\",\"type\":\"send-message\",\"properties\":{{}},\"transitions\":[]}}"))), "2000" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Validate_refuses_what_Studio_refuses_with_81022_and_each_failure(string what, string definition, string said)
    {
        var (status, body) = await emu.Post("/v2/Flows/Validate", ("FriendlyName", "Check"), ("Status", "draft"), ("Definition", definition));
        Assert.True(status == 400, what);
        Assert.Equal(81022, body.GetProperty("code").GetInt32());
        var errors = body.GetProperty("details").GetProperty("errors").EnumerateArray().ToList();
        Assert.NotEmpty(errors);
        Assert.Contains(errors, e => e.GetProperty("message").GetString()!.Contains(said, StringComparison.Ordinal));
        Assert.All(errors, e => Assert.StartsWith("#/", e.GetProperty("property_path").GetString()));
        var (saved, _) = await emu.Post("/v2/Flows", ("FriendlyName", "Broken"), ("Status", "published"), ("Definition", definition));
        Assert.Equal(400, saved);
    }

    [Fact]
    public async Task Validate_answers_valid_for_a_good_definition()
    {
        var (status, body) = await emu.Post("/v2/Flows/Validate", ("FriendlyName", "Check"), ("Status", "published"), ("Definition", Definition(Trigger + "," + Ask)));
        Assert.Equal(200, status);
        Assert.True(body.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Each_update_is_a_new_revision_and_new_executions_run_the_published_one()
    {
        var (_, flow) = await emu.Post("/v2/Flows", ("FriendlyName", "Revisions"), ("Status", "published"), ("Definition", Definition(Trigger + "," + Ask)));
        var sid = flow.GetProperty("sid").GetString()!;
        var longer = Definition(Trigger + "," + Ask.Replace("\"60\"", "\"86400\""));
        var (_, draft) = await emu.Post($"/v2/Flows/{sid}", ("Status", "draft"), ("Definition", longer), ("CommitMessage", "work in progress"));
        Assert.Equal(2, draft.GetProperty("revision").GetInt32());
        Assert.Equal("draft", draft.GetProperty("status").GetString());
        var (_, published) = await emu.Get($"/v2/Flows/{sid}/Revisions/LatestPublished");
        Assert.Equal(1, published.GetProperty("revision").GetInt32());
        var (_, latest) = await emu.Get($"/v2/Flows/{sid}/Revisions/LatestRevision");
        Assert.Equal("work in progress", latest.GetProperty("commit_message").GetString());
        var (_, list) = await emu.Get($"/v2/Flows/{sid}/Revisions");
        Assert.Equal(new[] { 2, 1 }, list.GetProperty("revisions").EnumerateArray().Select(r => r.GetProperty("revision").GetInt32()));
        var (bad, error) = await emu.Get($"/v2/Flows/{sid}/Revisions/Newest");
        Assert.Equal(400, bad);
        Assert.Equal(81021, error.GetProperty("code").GetInt32());
        // A draft on top changes nothing for new executions: they start on revision 1.
        var (_, execution) = await emu.Post($"/v2/Flows/{sid}/Executions", ("To", "+14155550111"), ("From", "+15005550006"));
        Assert.Equal(1, execution.GetProperty("flow_version").GetInt32());
    }

    [Fact]
    public async Task An_execution_started_through_the_API_is_released_when_its_wait_times_out()
    {
        var (_, flow) = await emu.Post("/v2/Flows", ("FriendlyName", "Walk"), ("Status", "published"), ("Definition", Definition(Trigger + "," + Ask)));
        var sid = flow.GetProperty("sid").GetString()!;
        var (_, execution) = await emu.Post($"/v2/Flows/{sid}/Executions", ("To", "+14155550112"), ("From", "+15005550006"));
        var url = $"/v2/Flows/{sid}/Executions/{execution.GetProperty("sid").GetString()}";
        Assert.Equal("active", (await emu.Get(url)).Body.GetProperty("status").GetString());
        using var knob = await emu.Http.PostAsync("/_emulator/knobs", new StringContent("{\"advance_clock_seconds\": 61}"));
        var (_, after) = await emu.Get(url);
        Assert.Equal("ended", after.GetProperty("status").GetString());
        var (_, steps) = await emu.Get(url + "/Steps");
        var names = steps.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("transitioned_to").GetString()).Reverse();
        Assert.Equal(new[] { "ask", "Ended" }, names);
    }
}
