using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace StudioEmulator.Tests;

/// <summary>A parent with subaccounts: the 2010 Accounts API, and Studio answering each account only to its own credentials.</summary>
public sealed class FleetTests
{
    private static readonly EmulatorOptions Defaults = new();

    private static HttpClient As(EmulatorHost host, string user, string password)
    {
        var http = new HttpClient { BaseAddress = host.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return http;
    }

    private static async Task<(int Status, JsonElement Body)> Get(HttpClient http, string url)
    {
        using var r = await http.GetAsync(url);
        var text = await r.Content.ReadAsStringAsync();
        return ((int)r.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static async Task<EmulatorHost> Fleet(int subaccounts, Action<EmulatorOptions>? more = null)
    {
        var o = new EmulatorOptions { Executions = 100, Stuck = 6, Subaccounts = subaccounts, SubaccountExecutions = 60, SubaccountStuck = 6, Seed = 3 };
        more?.Invoke(o);
        return await EmulatorHost.StartAsync(o);
    }

    private static HttpClient Parent(EmulatorHost host) => As(host, Defaults.AccountSid, Defaults.AuthToken);

    [Fact]
    public async Task The_parent_lists_itself_and_its_subaccounts_with_filters_and_2010_paging()
    {
        await using var host = await Fleet(5);
        using var parent = Parent(host);
        var (status, all) = await Get(parent, "/2010-04-01/Accounts.json");
        Assert.Equal(200, status);
        var accounts = all.GetProperty("accounts").EnumerateArray().ToList();
        Assert.Equal(6, accounts.Count);
        Assert.Equal(Defaults.AccountSid, accounts[0].GetProperty("sid").GetString());
        Assert.Equal(Defaults.AccountSid, accounts[0].GetProperty("owner_account_sid").GetString());
        Assert.All(accounts.Skip(1), a => Assert.Equal(Defaults.AccountSid, a.GetProperty("owner_account_sid").GetString()));
        Assert.All(accounts, a => Assert.False(string.IsNullOrEmpty(a.GetProperty("auth_token").GetString())));
        Assert.Equal(6, accounts.Select(a => a.GetProperty("sid").GetString()).Distinct().Count());

        var (_, named) = await Get(parent, "/2010-04-01/Accounts.json?FriendlyName=" + Uri.EscapeDataString("Customer 003"));
        Assert.Equal("Customer 003", Assert.Single(named.GetProperty("accounts").EnumerateArray()).GetProperty("friendly_name").GetString());

        // Two at a time, following next_page_uri to the end: every account once.
        var seen = new List<string>();
        string? next = "/2010-04-01/Accounts.json?PageSize=2";
        while (next is not null)
        {
            var (_, page) = await Get(parent, next);
            seen.AddRange(page.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("sid").GetString()!));
            next = page.GetProperty("next_page_uri").ValueKind == JsonValueKind.String ? page.GetProperty("next_page_uri").GetString() : null;
        }
        Assert.Equal(accounts.Select(a => a.GetProperty("sid").GetString()), seen);
        Assert.Equal(400, (await Get(parent, "/2010-04-01/Accounts.json?Status=frozen")).Status);
    }

    [Fact]
    public async Task Studio_answers_each_account_only_to_its_own_credentials()
    {
        await using var host = await Fleet(2);
        using var parent = Parent(host);
        var (_, list) = await Get(parent, "/2010-04-01/Accounts.json");
        var sub = list.GetProperty("accounts")[1];
        var subSid = sub.GetProperty("sid").GetString()!;
        using var asSub = As(host, subSid, sub.GetProperty("auth_token").GetString()!);

        var (_, subFlows) = await Get(asSub, "/v2/Flows");
        var (_, parentFlows) = await Get(parent, "/v2/Flows");
        Assert.All(subFlows.GetProperty("flows").EnumerateArray(), f => Assert.Equal(subSid, f.GetProperty("account_sid").GetString()));
        // The parent's credentials see the parent's Studio data, never the subaccount's.
        Assert.All(parentFlows.GetProperty("flows").EnumerateArray(), f => Assert.Equal(Defaults.AccountSid, f.GetProperty("account_sid").GetString()));
        Assert.Empty(subFlows.GetProperty("flows").EnumerateArray().Select(f => f.GetProperty("sid").GetString())
            .Intersect(parentFlows.GetProperty("flows").EnumerateArray().Select(f => f.GetProperty("sid").GetString())));

        // A subaccount sees only itself in the Accounts API, and not its sibling.
        var (_, own) = await Get(asSub, "/2010-04-01/Accounts.json");
        Assert.Equal(subSid, Assert.Single(own.GetProperty("accounts").EnumerateArray()).GetProperty("sid").GetString());
        var sibling = list.GetProperty("accounts")[2].GetProperty("sid").GetString();
        Assert.Equal(404, (await Get(asSub, $"/2010-04-01/Accounts/{sibling}.json")).Status);
        // The parent reads a subaccount's token with one fetch.
        var (fetched, one) = await Get(parent, $"/2010-04-01/Accounts/{subSid}.json");
        Assert.Equal(200, fetched);
        Assert.Equal(sub.GetProperty("auth_token").GetString(), one.GetProperty("auth_token").GetString());
    }

    [Fact]
    public async Task A_standard_key_is_refused_by_the_accounts_api_and_a_main_key_is_not()
    {
        await using var host = await Fleet(1);
        using var standard = As(host, Defaults.StandardKeySid, Defaults.StandardKeySecret);
        using var main = As(host, Defaults.ApiKeySid, Defaults.ApiKeySecret);
        var (status, body) = await Get(standard, "/2010-04-01/Accounts.json");
        Assert.Equal(403, status);
        Assert.Equal(20003, body.GetProperty("code").GetInt32());
        Assert.Equal(200, (await Get(standard, "/v2/Flows")).Status);
        Assert.Equal(200, (await Get(main, "/2010-04-01/Accounts.json")).Status);
    }

    [Fact]
    public async Task A_suspended_subaccount_gets_20005_from_Studio_a_closed_one_cannot_authenticate_and_a_rotated_token_is_refused()
    {
        await using var host = await Fleet(3);
        using var parent = Parent(host);
        using var admin = new HttpClient { BaseAddress = host.BaseUrl };
        var (_, list) = await Get(parent, "/2010-04-01/Accounts.json");
        var subs = list.GetProperty("accounts").EnumerateArray().Skip(1).Select(a => (Sid: a.GetProperty("sid").GetString()!, Token: a.GetProperty("auth_token").GetString()!)).ToList();
        async Task Change(string sid, string json) => Assert.Equal(204, (int)(await admin.PostAsync($"/_emulator/accounts/{sid}", new StringContent(json, Encoding.UTF8, "application/json"))).StatusCode);

        await Change(subs[0].Sid, """{"status":"suspended"}""");
        using (var suspended = As(host, subs[0].Sid, subs[0].Token))
        {
            var (status, body) = await Get(suspended, "/v2/Flows");
            Assert.Equal(401, status);
            Assert.Equal(20005, body.GetProperty("code").GetInt32());
        }
        var (_, onlySuspended) = await Get(parent, "/2010-04-01/Accounts.json?Status=suspended");
        Assert.Equal(subs[0].Sid, Assert.Single(onlySuspended.GetProperty("accounts").EnumerateArray()).GetProperty("sid").GetString());

        await Change(subs[1].Sid, """{"status":"closed"}""");
        using (var closed = As(host, subs[1].Sid, subs[1].Token)) Assert.Equal(20003, (await Get(closed, "/v2/Flows")).Body.GetProperty("code").GetInt32());

        await Change(subs[2].Sid, """{"rotate_token":true}""");
        using (var stale = As(host, subs[2].Sid, subs[2].Token)) Assert.Equal(401, (await Get(stale, "/v2/Flows")).Status);
        var (_, rotated) = await Get(parent, $"/2010-04-01/Accounts/{subs[2].Sid}.json");
        using (var fresh = As(host, subs[2].Sid, rotated.GetProperty("auth_token").GetString()!)) Assert.Equal(200, (await Get(fresh, "/v2/Flows")).Status);
    }

    [Fact]
    public async Task The_concurrency_cap_is_per_account()
    {
        await using var host = await Fleet(2, o => { o.LatencyMs = 800; o.MaxConcurrency = 2; });
        using var parent = Parent(host);
        var (_, list) = await Get(parent, "/2010-04-01/Accounts.json");
        var subs = list.GetProperty("accounts").EnumerateArray().Skip(1).Select(a => As(host, a.GetProperty("sid").GetString()!, a.GetProperty("auth_token").GetString()!)).ToList();
        try
        {
            // Two accounts, two requests each at once: each account is at its cap, not past it, so nobody waits for the other.
            var answers = await Task.WhenAll(subs.SelectMany(s => Enumerable.Range(0, 2).Select(_ => s.GetAsync("/v2/Flows"))));
            Assert.All(answers, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            // Five at once on one account: past its cap, some are told 429.
            var crowded = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => subs[0].GetAsync("/v2/Flows")));
            Assert.Contains(crowded, r => r.StatusCode == HttpStatusCode.TooManyRequests);
        }
        finally { subs.ForEach(s => s.Dispose()); }
    }
}
