using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace StudioEmulator.Tests;

/// <summary>
/// The emulator's Conversations, FlexApi and TaskRouter: the binding rule and its 50416, each list's own PageSize limit,
/// closing through the interaction channel, timers, and an inbound message landing where Twilio would put it.
/// </summary>
public sealed class ConversationsTests : IAsyncLifetime
{
    private EmulatorHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _host = await EmulatorHost.StartAsync(new EmulatorOptions { Executions = 300, Seed = 5, Conversations = 40 });
        _http = new HttpClient { BaseAddress = _host.BaseUrl };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{EmulatorFixture.Account}:{EmulatorFixture.Token}")));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    private async Task<(int Status, JsonElement Body)> Send(HttpMethod method, string url, params (string, string)[] form)
    {
        var local = url.Replace("https://conversations.twilio.com", "", StringComparison.Ordinal).Replace("https://taskrouter.twilio.com", "", StringComparison.Ordinal)
            .Replace("https://flex-api.twilio.com", "", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(method, local);
        if (method == HttpMethod.Post) request.Content = form.Length > 0 && form[0].Item1 == "json"
            ? new StringContent(form[0].Item2, Encoding.UTF8, "application/json")
            : new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)));
        using var r = await _http.SendAsync(request);
        var text = await r.Content.ReadAsStringAsync();
        return ((int)r.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<List<JsonElement>> Truth()
    {
        var (_, body) = await Send(HttpMethod.Get, "/_emulator/conversations");
        return body.GetProperty("conversations").EnumerateArray().ToList();
    }

    private static string S(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    [Fact]
    public async Task The_scenario_has_every_kind_of_conversation_with_its_ground_truth()
    {
        var truth = await Truth();
        Assert.Equal(40, truth.Count);
        foreach (var kind in new[] { "stranded", "live", "parked", "waiting", "inflow", "closed" }) Assert.Contains(truth, c => S(c, "truth") == kind);
        // Stranded: some active, some inactive (an inactive one still binds the contact).
        Assert.Contains(truth, c => S(c, "truth") == "stranded" && S(c, "state") == "inactive");
        Assert.Contains(truth, c => S(c, "truth") == "stranded" && S(c, "state") == "active");
        // A customer queued on a pending task is live; parked means the interaction channel is inactive.
        Assert.Contains(truth, c => S(c, "truth") == "live" && c.GetProperty("task_statuses").EnumerateArray().Any(t => t.GetString() == "pending"));
        Assert.All(truth.Where(c => S(c, "truth") == "parked"), c => Assert.Equal("inactive", S(c, "channel_status")));
        // Some contacts are blocked by a stranded execution too.
        var (_, state) = await Send(HttpMethod.Get, "/_emulator/state");
        var executionContacts = state.GetProperty("active_executions").EnumerateArray().Where(e => e.GetProperty("truth").GetString() == "stranded")
            .Select(e => S(e, "contact_channel_address")).ToHashSet();
        Assert.Contains(truth, c => S(c, "truth") == "stranded" && executionContacts.Contains(S(c, "contact")));
    }

    [Fact]
    public async Task Each_list_refuses_a_page_larger_than_Twilio_allows_and_pages_with_tokens()
    {
        Assert.Equal(400, (await Send(HttpMethod.Get, "/v1/Conversations?PageSize=101")).Status);
        Assert.Equal(400, (await Send(HttpMethod.Get, "/v1/ParticipantConversations?Address=%2B1&PageSize=51")).Status);
        var one = S((await Truth())[0], "sid");
        Assert.Equal(400, (await Send(HttpMethod.Get, $"/v1/Conversations/{one}/Webhooks?PageSize=6")).Status);
        var seen = new HashSet<string>();
        var url = "/v1/Conversations?PageSize=15";
        while (true)
        {
            var (status, page) = await Send(HttpMethod.Get, url);
            Assert.Equal(200, status);
            foreach (var c in page.GetProperty("conversations").EnumerateArray()) Assert.True(seen.Add(S(c, "sid")));
            var next = page.GetProperty("meta").GetProperty("next_page_url");
            if (next.ValueKind == JsonValueKind.Null) break;
            url = next.GetString()!;
        }
        Assert.Equal(40, seen.Count);
        var (_, active) = await Send(HttpMethod.Get, "/v1/Conversations?State=inactive&PageSize=100");
        Assert.All(active.GetProperty("conversations").EnumerateArray(), c => Assert.Equal("inactive", S(c, "state")));
    }

    [Fact]
    public async Task A_bound_pair_refuses_a_second_conversation_with_50416_naming_the_holder_until_it_is_closed()
    {
        var stranded = (await Truth()).First(c => S(c, "truth") == "stranded" && S(c, "state") == "inactive" && S(c, "contact").StartsWith('+'));
        var other = (await Truth()).First(c => S(c, "truth") == "closed");
        var (status, error) = await Send(HttpMethod.Post, $"/v1/Conversations/{S(other, "sid")}/Participants",
            ("MessagingBinding.Address", S(stranded, "contact")), ("MessagingBinding.ProxyAddress", S(stranded, "proxy")));
        Assert.Equal(409, status);
        Assert.Equal(50416, error.GetProperty("code").GetInt32());
        Assert.Contains(S(stranded, "sid"), S(error, "message"));
        // An inbound message lands in the inactive conversation that binds the pair, and makes it active again.
        var (_, landed) = await Send(HttpMethod.Post, "/_emulator/inbound", ("json", JsonSerializer.Serialize(new { from = S(stranded, "contact") })));
        Assert.Equal(S(stranded, "sid"), S(landed, "conversation_sid"));
        Assert.False(landed.GetProperty("created").GetBoolean());
        // Closed, it binds nobody: the next message auto-creates a new conversation.
        Assert.Equal(200, (await Send(HttpMethod.Post, $"/v1/Conversations/{S(stranded, "sid")}", ("State", "closed"))).Status);
        var (_, fresh) = await Send(HttpMethod.Post, "/_emulator/inbound", ("json", JsonSerializer.Serialize(new { from = S(stranded, "contact") })));
        Assert.True(fresh.GetProperty("created").GetBoolean());
        Assert.NotEqual(S(stranded, "sid"), S(fresh, "conversation_sid"));
    }

    [Fact]
    public async Task Closing_the_interaction_channel_closes_the_conversation_and_its_open_tasks()
    {
        var live = (await Truth()).First(c => S(c, "truth") == "live" && c.GetProperty("task_statuses").EnumerateArray().Any(t => t.GetString() == "pending"));
        var (_, workspaces) = await Send(HttpMethod.Get, "/v1/Workspaces");
        var ws = S(workspaces.GetProperty("workspaces")[0], "sid");
        var (_, tasks) = await Send(HttpMethod.Get, $"/v1/Workspaces/{ws}/Tasks?EvaluateTaskAttributes=" + Uri.EscapeDataString($"conversationSid == \"{S(live, "sid")}\""));
        var task = tasks.GetProperty("tasks")[0];
        using var attributes = JsonDocument.Parse(S(task, "attributes"));
        var kd = attributes.RootElement.GetProperty("flexInteractionSid").GetString();
        var uo = attributes.RootElement.GetProperty("flexInteractionChannelSid").GetString();
        var (status, channel) = await Send(HttpMethod.Post, $"/v1/Interactions/{kd}/Channels/{uo}", ("Status", "closed"), ("Routing", "{\"status\":\"closed\"}"));
        Assert.Equal(200, status);
        Assert.Equal("closed", S(channel, "status"));
        var after = (await Truth()).First(c => S(c, "sid") == S(live, "sid"));
        Assert.Equal("closed", S(after, "state"));
        Assert.Equal("completed", after.GetProperty("task_statuses")[0].GetString());
        var (_, open) = await Send(HttpMethod.Get, $"/v1/Workspaces/{ws}/Tasks?AssignmentStatus=pending,reserved,assigned,wrapping&PageSize=1000");
        Assert.DoesNotContain(open.GetProperty("tasks").EnumerateArray(), t => S(t, "attributes").Contains(S(live, "sid"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_close_timer_closes_the_conversation_when_the_clock_passes_it()
    {
        var waiting = (await Truth()).First(c => S(c, "truth") == "waiting");
        var (_, before) = await Send(HttpMethod.Get, $"/v1/Conversations/{S(waiting, "sid")}");
        Assert.Equal("active", S(before, "state"));
        Assert.True(before.GetProperty("timers").TryGetProperty("date_closed", out _));
        Assert.Equal(400, (await Send(HttpMethod.Post, $"/v1/Conversations/{S(waiting, "sid")}", ("Timers.Closed", "PT5M"))).Status); // under Twilio's 10-minute minimum
        Assert.Equal(200, (await Send(HttpMethod.Post, "/_emulator/knobs", ("json", "{\"advance_clock_seconds\": 3600}"))).Status);
        var (_, after) = await Send(HttpMethod.Get, $"/v1/Conversations/{S(waiting, "sid")}");
        Assert.Equal("closed", S(after, "state"));
    }

    [Fact]
    public async Task A_page_token_resumes_after_the_last_item_even_when_earlier_ones_left_the_list()
    {
        // All active ones, in order, then page by page while closing each page's conversations before reading the next:
        // an offset would skip as many as were closed; Twilio's page tokens do not.
        var (_, all) = await Send(HttpMethod.Get, "/v1/Conversations?State=active&PageSize=100");
        var expected = all.GetProperty("conversations").EnumerateArray().Select(c => S(c, "sid")).ToList();
        Assert.True(expected.Count > 10);
        var seen = new List<string>();
        var url = "/v1/Conversations?State=active&PageSize=5";
        while (true)
        {
            var (_, page) = await Send(HttpMethod.Get, url);
            var sids = page.GetProperty("conversations").EnumerateArray().Select(c => S(c, "sid")).ToList();
            seen.AddRange(sids);
            foreach (var sid in sids) Assert.Equal(200, (await Send(HttpMethod.Post, $"/v1/Conversations/{sid}", ("State", "closed"))).Status);
            var next = page.GetProperty("meta").GetProperty("next_page_url");
            if (next.ValueKind == JsonValueKind.Null) break;
            url = next.GetString()!;
        }
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task The_account_configuration_keeps_default_timers_and_refuses_one_below_the_minimum()
    {
        var (status, before) = await Send(HttpMethod.Get, "/v1/Configuration");
        Assert.Equal(200, status);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("default_closed_timer").ValueKind);
        Assert.Equal(400, (await Send(HttpMethod.Post, "/v1/Configuration", ("DefaultClosedTimer", "PT5M"))).Status);
        var (_, after) = await Send(HttpMethod.Post, "/v1/Configuration", ("DefaultClosedTimer", "PT4H"), ("DefaultInactiveTimer", "PT30M"));
        Assert.Equal("PT4H", S(after, "default_closed_timer"));
        Assert.Equal("PT30M", S((await Send(HttpMethod.Get, "/v1/Configuration")).Body, "default_inactive_timer"));
    }

    [Fact]
    public async Task Address_configurations_list_where_each_number_leads_filtered_by_type_at_most_fifty_a_page()
    {
        Assert.Equal(400, (await Send(HttpMethod.Get, "/v1/Configuration/Addresses?PageSize=51")).Status);
        var (status, all) = await Send(HttpMethod.Get, "/v1/Configuration/Addresses?PageSize=50");
        Assert.Equal(200, status);
        var items = all.GetProperty("address_configurations").EnumerateArray().ToList();
        Assert.Equal(4, items.Count);
        var studio = items.Where(a => S(a.GetProperty("auto_creation"), "type") == "studio").ToList();
        Assert.Equal(2, studio.Count);
        Assert.All(studio, a => Assert.StartsWith("FW", S(a.GetProperty("auto_creation"), "studio_flow_sid")));
        Assert.Contains(items, a => a.GetProperty("auto_creation").GetProperty("enabled").ValueKind == JsonValueKind.False);
        var (_, whatsapp) = await Send(HttpMethod.Get, "/v1/Configuration/Addresses?Type=whatsapp");
        Assert.Equal("whatsapp", S(Assert.Single(whatsapp.GetProperty("address_configurations").EnumerateArray().ToList()), "type"));
        // Two a page: the pages together hold every one, once.
        var seen = new HashSet<string>();
        var url = "/v1/Configuration/Addresses?PageSize=2";
        while (true)
        {
            var (_, page) = await Send(HttpMethod.Get, url);
            foreach (var a in page.GetProperty("address_configurations").EnumerateArray()) Assert.True(seen.Add(S(a, "sid")));
            var next = page.GetProperty("meta").GetProperty("next_page_url");
            if (next.ValueKind == JsonValueKind.Null) break;
            url = next.GetString()!;
        }
        Assert.Equal(4, seen.Count);
    }
}
