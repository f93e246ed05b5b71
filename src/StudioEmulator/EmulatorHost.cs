using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace StudioEmulator;

/// <summary>A running emulator: its base URL, and the means to stop it. Tests host it in-process.</summary>
public sealed class EmulatorHost(WebApplication app, Uri baseUrl, EmulatorOptions options) : IAsyncDisposable
{
    private readonly WebApplication _app = app;

    public Uri BaseUrl { get; } = baseUrl;
    public EmulatorOptions Options { get; } = options;

    public static async Task<EmulatorHost> StartAsync(EmulatorOptions options, TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();

        clock ??= options.Now is { } now ? new FixedClock(now) : TimeProvider.System;
        var knobs = new Knobs(options);
        var fleet = Fleet.Create(options, clock, knobs);
        var gate = new Gate(fleet, knobs);
        app.Use(gate.InvokeAsync);
        StudioApi.Map(app, ctx => Gate.Caller(ctx).Account.Api);
        AccountRoutes.Map(app, fleet);
        ConversationRoutes.Map(app);
        Admin.Map(app, gate, knobs, fleet);

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EmulatorHost(app, new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)), options);
    }

    public Task WaitForShutdownAsync(CancellationToken token) => _app.WaitForShutdownAsync(token);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>A clock that starts at a pinned instant and then moves with real time.</summary>
    private sealed class FixedClock(DateTimeOffset start) : TimeProvider
    {
        private readonly long _origin = TimeProvider.System.GetTimestamp();
        public override DateTimeOffset GetUtcNow() => start + TimeProvider.System.GetElapsedTime(_origin);
    }
}
