using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using StudioEmulator;

namespace StudioEmulator.Tests;

/// <summary>An emulator on a free loopback port, talked to over real HTTP.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public EmulatorHost Host { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public HttpClient Anonymous { get; private set; } = null!;
    public const string Account = "AC00000000000000000000000000000001";
    public const string Token = "emulator-auth-token-0001";

    public async Task InitializeAsync()
    {
        Host = await EmulatorHost.StartAsync(new EmulatorOptions { Executions = 1500, Seed = 42 });
        Http = new HttpClient { BaseAddress = Host.BaseUrl };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Account}:{Token}")));
        Anonymous = new HttpClient { BaseAddress = Host.BaseUrl };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        Anonymous.Dispose();
        await Host.DisposeAsync();
    }

    public async Task<(int Status, JsonElement Body)> Get(string url, HttpClient? client = null)
    {
        using var r = await (client ?? Http).GetAsync(Local(url));
        return ((int)r.StatusCode, await Json(r));
    }

    public async Task<(int Status, JsonElement Body)> Post(string url, params (string, string)[] form)
    {
        using var r = await Http.PostAsync(Local(url), new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))));
        return ((int)r.StatusCode, await Json(r));
    }

    /// <summary>Page URLs point at studio.twilio.com, as Twilio's do; a client rewrites the host.</summary>
    public string Local(string url) => url.Replace("https://studio.twilio.com", Host.BaseUrl.ToString().TrimEnd('/'), StringComparison.Ordinal);

    private static async Task<JsonElement> Json(HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<Dictionary<string, string>> FlowsByName()
    {
        var (_, body) = await Get("/v2/Flows");
        return body.GetProperty("flows").EnumerateArray().ToDictionary(f => f.GetProperty("friendly_name").GetString()!, f => f.GetProperty("sid").GetString()!);
    }
}

[CollectionDefinition("emulator")]
public sealed class EmulatorCollection : ICollectionFixture<EmulatorFixture>;
