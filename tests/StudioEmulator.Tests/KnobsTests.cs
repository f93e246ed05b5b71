using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace StudioEmulator.Tests;

/// <summary>Latency, the concurrency cap, faults and the request log: each test has its own emulator.</summary>
public sealed class KnobsTests
{
    private static async Task<(EmulatorHost Host, HttpClient Http)> Start(EmulatorOptions o)
    {
        var host = await EmulatorHost.StartAsync(o);
        var http = new HttpClient { BaseAddress = host.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{o.AccountSid}:{o.AuthToken}")));
        return (host, http);
    }

    [Fact]
    public async Task Concurrency_cap_answers_429_with_code_20429_past_the_cap()
    {
        var (host, http) = await Start(new EmulatorOptions { Scenario = "empty", LatencyMs = 1000, MaxConcurrency = 2 });
        await using var _ = host;
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => http.GetAsync("/v2/Flows")));
        var codes = responses.Select(r => (int)r.StatusCode).ToList();
        // Not a bet on timing: the cap is filled (two at least go through) and enforced (those past it get 429), however
        // the six requests happen to arrive; without a cap all six would be 200.
        Assert.True(codes.Count(c => c == 200) >= 2, string.Join(",", codes));
        Assert.True(codes.Count(c => c == 429) >= 1, string.Join(",", codes));
        Assert.Equal(6, codes.Count(c => c == 200 || c == 429));
        var limited = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Equal(20429, JsonDocument.Parse(await limited.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetInt32());
        // Twilio documents no Retry-After on 20429, so by default there is none; the count in flight is reported.
        Assert.Null(limited.Headers.RetryAfter);
        Assert.True(limited.Headers.TryGetValues("Twilio-Concurrent-Requests", out var inFlight) && int.Parse(inFlight.Single()) > 2);
    }

    [Fact]
    public async Task A_429_for_concurrency_costs_a_round_trip()
    {
        var (host, http) = await Start(new EmulatorOptions { Scenario = "empty", LatencyMs = 400, MaxConcurrency = 1 });
        await using var _ = host;
        var timed = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var response = await http.GetAsync("/v2/Flows");
            return (Code: (int)response.StatusCode, Ms: clock.ElapsedMilliseconds);
        }));
        Assert.Contains(timed, t => t.Code == 429);
        // As Twilio's, the refusal crosses the network: it comes no sooner than a success would.
        Assert.All(timed.Where(t => t.Code == 429), t => Assert.True(t.Ms >= 380, $"a 429 answered in {t.Ms} ms"));
    }

    [Fact]
    public async Task Retry_after_is_sent_only_when_asked_for()
    {
        var (host, http) = await Start(new EmulatorOptions { Scenario = "empty", LatencyMs = 300, MaxConcurrency = 1, RetryAfterSeconds = 2 });
        await using var _ = host;
        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => http.GetAsync("/v2/Flows")));
        var limited = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Equal(TimeSpan.FromSeconds(2), limited.Headers.RetryAfter!.Delta);
    }

    [Fact]
    public async Task At_most_20_executions_are_created_per_second()
    {
        var (host, http) = await Start(new EmulatorOptions { Executions = 100 });
        await using var _ = host;
        using var flows = await http.GetAsync("/v2/Flows");
        var flow = JsonDocument.Parse(await flows.Content.ReadAsStringAsync()).RootElement.GetProperty("flows")[3].GetProperty("sid").GetString();
        var started = DateTimeOffset.UtcNow;
        var codes = await Task.WhenAll(Enumerable.Range(0, 25).Select(async i =>
        {
            using var r = await http.PostAsync($"/v2/Flows/{flow}/Executions", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["To"] = $"+1555000{i:0000}", ["From"] = "+15005550008",
            }));
            return (int)r.StatusCode;
        }));
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(1), "the 25 creates should be sent within one second");
        Assert.Equal(20, codes.Count(c => c == 201));
        Assert.Equal(5, codes.Count(c => c == 429));
    }

    [Fact]
    public async Task Executions_are_kept_30_days_from_their_start()
    {
        var (host, http) = await Start(new EmulatorOptions { Executions = 300 });
        await using var _ = host;
        async Task<JsonElement> State()
        {
            using var r = await http.GetAsync("/_emulator/state");
            return JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.Clone();
        }
        var before = await State();
        Assert.Equal(300, before.GetProperty("executions").GetInt32());
        var stuck = before.GetProperty("active_executions")[0];
        var url = $"/v2/Flows/{stuck.GetProperty("flow_sid").GetString()}/Executions/{stuck.GetProperty("sid").GetString()}";
        using (var found = await http.GetAsync(url)) Assert.Equal(HttpStatusCode.OK, found.StatusCode);

        // 29 days on, the oldest (up to a week old) are still there; 31 days after the newest began, none is.
        using (await http.PostAsync("/_emulator/knobs", new StringContent("{\"advance_clock_seconds\": 2505600}"))) { }
        Assert.True((await State()).GetProperty("executions").GetInt32() is > 0 and < 300);
        using (await http.PostAsync("/_emulator/knobs", new StringContent("{\"advance_clock_seconds\": 259200}"))) { }
        var after = await State();
        Assert.Equal(0, after.GetProperty("executions").GetInt32());
        Assert.Equal(0, after.GetProperty("active_executions").GetArrayLength());
        using (var gone = await http.GetAsync(url)) Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using var list = await http.GetAsync($"/v2/Flows/{stuck.GetProperty("flow_sid").GetString()}/Executions");
        Assert.Equal(0, JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("executions").GetArrayLength());
    }

    [Fact]
    public async Task Faults_are_deterministic_by_seed_and_lost_responses_still_write()
    {
        async Task<List<string?>> Run(int seed)
        {
            var (host, http) = await Start(new EmulatorOptions { Executions = 200, FaultRate = 0.5, FaultSeed = seed, FaultKinds = "429,503,drop" });
            await using var _ = host;
            var outcome = new List<string?>();
            for (var i = 0; i < 20; i++)
            {
                try
                {
                    using var r = await http.GetAsync("/v2/Flows");
                    outcome.Add(((int)r.StatusCode).ToString());
                }
                catch (HttpRequestException) { outcome.Add("dropped"); }
            }
            return outcome;
        }
        var a = await Run(7);
        var b = await Run(7);
        Assert.Equal(a, b);
        Assert.Contains("200", a);
        Assert.True(a.Count(x => x != "200") >= 3, "half the requests should fail: " + string.Join(",", a));

        // 'lost': the execution is ended, but the client never hears so.
        var (lostHost, lostHttp) = await Start(new EmulatorOptions { Executions = 200, FaultRate = 1, FaultKinds = "lost", FaultMethods = "POST" });
        await using var __ = lostHost;
        var state = JsonDocument.Parse(await lostHttp.GetStringAsync("/_emulator/state")).RootElement;
        var victim = state.GetProperty("active_executions")[0];
        var path = $"/v2/Flows/{victim.GetProperty("flow_sid").GetString()}/Executions/{victim.GetProperty("sid").GetString()}";
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => lostHttp.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["Status"] = "ended" })));
        var after = JsonDocument.Parse(await lostHttp.GetStringAsync(path)).RootElement;
        Assert.Equal("ended", after.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Request_log_records_methods_paths_and_forms_but_no_credentials()
    {
        var (host, http) = await Start(new EmulatorOptions { Executions = 200 });
        await using var _ = host;
        var flows = JsonDocument.Parse(await http.GetStringAsync("/v2/Flows")).RootElement.GetProperty("flows");
        var flow = flows[0].GetProperty("sid").GetString();
        await http.PostAsync($"/v2/Flows/{flow}/Executions", new FormUrlEncodedContent(new Dictionary<string, string> { ["To"] = "+15005550199", ["From"] = "+15005550006" }));
        var logText = await http.GetStringAsync("/_emulator/requests");
        Assert.DoesNotContain("emulator-auth-token-0001", logText);
        var log = JsonDocument.Parse(logText).RootElement;
        Assert.Equal(2, log.GetProperty("count").GetInt32());
        var posts = JsonDocument.Parse(await http.GetStringAsync("/_emulator/requests?method=POST")).RootElement.GetProperty("requests");
        Assert.Equal(1, posts.GetArrayLength());
        Assert.Contains("To=%2B15005550199", posts[0].GetProperty("form").GetString());
        Assert.Equal(201, posts[0].GetProperty("status").GetInt32());
        var since = log.GetProperty("last_seq").GetInt64();
        Assert.Equal(0, JsonDocument.Parse(await http.GetStringAsync($"/_emulator/requests?since={since}")).RootElement.GetProperty("count").GetInt32());

        // Knobs change at run time.
        var set = await http.PostAsync("/_emulator/knobs", new StringContent("""{"latency_ms": 120}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await http.GetStringAsync("/v2/Flows");
        Assert.True(watch.ElapsedMilliseconds >= 110, $"latency knob not applied ({watch.ElapsedMilliseconds} ms)");
        var rejected = await http.PostAsync("/_emulator/knobs", new StringContent("""{"fault_kinds": "meteor"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
    }

    [Fact]
    public async Task Blackout_scenario_is_deterministic_by_seed_and_scales()
    {
        var (a, httpA) = await Start(new EmulatorOptions { Executions = 20_000, Seed = 3 });
        await using var _ = a;
        var (b, httpB) = await Start(new EmulatorOptions { Executions = 20_000, Seed = 3 });
        await using var __ = b;
        var sa = JsonDocument.Parse(await httpA.GetStringAsync("/_emulator/state")).RootElement;
        var sb = JsonDocument.Parse(await httpB.GetStringAsync("/_emulator/state")).RootElement;
        Assert.Equal(20_000, sa.GetProperty("executions").GetInt32());
        var stuckAndRecent = Scenario.DefaultStuck + Scenario.RecentSms + Scenario.RecentWebchat + Scenario.RecentVoice;
        Assert.Equal(Scenario.StuckSms + Scenario.StuckWebchat + Scenario.StuckReminders + Scenario.StuckVoice, Scenario.DefaultStuck);
        Assert.Equal(stuckAndRecent, sa.GetProperty("active").GetInt32());
        Assert.Equal(sa.GetProperty("active_executions").EnumerateArray().Select(e => e.GetProperty("sid").GetString()),
                     sb.GetProperty("active_executions").EnumerateArray().Select(e => e.GetProperty("sid").GetString()));
    }

    [Fact]
    public async Task Stuck_count_and_single_flow_shape_the_scenario()
    {
        var (host, http) = await Start(new EmulatorOptions { Executions = 3000, Stuck = 500, SingleFlow = true });
        await using var _ = host;
        var state = JsonDocument.Parse(await http.GetStringAsync("/_emulator/state")).RootElement;
        Assert.Equal(500 + Scenario.RecentSms + Scenario.RecentWebchat + Scenario.RecentVoice, state.GetProperty("active").GetInt32());
        var flows = JsonDocument.Parse(await http.GetStringAsync("/v2/Flows")).RootElement.GetProperty("flows").EnumerateArray()
            .ToDictionary(f => f.GetProperty("friendly_name").GetString()!, f => f.GetProperty("sid").GetString()!);
        var voice = JsonDocument.Parse(await http.GetStringAsync($"/v2/Flows/{flows["Voice Main Line"]}/Executions?PageSize=1000")).RootElement;
        // No ended voice executions (all went to SMS): only the recent calls and the voice share of the stuck ones.
        Assert.Equal(Scenario.RecentVoice + 500 * Scenario.StuckVoice / Scenario.DefaultStuck, voice.GetProperty("executions").GetArrayLength());
        Assert.Equal(0, state.GetProperty("max_in_flight").GetInt32()); // admin routes are not counted
        var after = JsonDocument.Parse(await http.GetStringAsync("/_emulator/state")).RootElement;
        Assert.True(after.GetProperty("max_in_flight").GetInt32() >= 1, "the /v2 requests since are counted");
    }

    [Fact]
    public void Options_parse_flags_and_reject_unknown_ones()
    {
        var o = EmulatorOptions.Parse(["--port", "0", "--executions", "100000", "--latency-ms", "50", "--max-concurrency", "32", "--fault-rate", "0.1", "--scenario", "empty"]);
        Assert.Equal(100_000, o.Executions);
        Assert.Equal(50, o.LatencyMs);
        Assert.Equal(32, o.MaxConcurrency);
        Assert.Equal(0.1, o.FaultRate);
        Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(["--nope"]));
        Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(["--scenario", "mars"]));
    }

    [Fact]
    public async Task The_request_log_is_in_sequence_and_last_seq_is_the_last_number_given()
    {
        // Requests in flight at once reach the log out of order; "since last_seq" must never count one made before.
        var (host, http) = await Start(new EmulatorOptions { Executions = 300 });
        await using var _ = host;
        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => http.GetAsync("/v2/Flows")));
        var log = JsonDocument.Parse(await http.GetStringAsync("/_emulator/requests")).RootElement;
        var seqs = log.GetProperty("requests").EnumerateArray().Select(r => r.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(64, seqs.Count);
        Assert.Equal(seqs.OrderBy(x => x), seqs);
        var last = log.GetProperty("last_seq").GetInt64();
        Assert.Equal(seqs.Max(), last);
        var after = JsonDocument.Parse(await http.GetStringAsync($"/_emulator/requests?since={last}")).RootElement;
        Assert.Equal(0, after.GetProperty("count").GetInt32());
    }
}
