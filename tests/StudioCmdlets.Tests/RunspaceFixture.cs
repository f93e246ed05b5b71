using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text.Json;
using StudioCmdlets.Commands;
using StudioCmdlets.Model;
using StudioEmulator;

namespace StudioCmdlets.Tests;

/// <summary>
/// A runspace with the compiled cmdlets, hosted by a <see cref="RecordingHost"/>, connected to an
/// in-process emulator over real HTTP on loopback. Connections are process-wide, so these tests run
/// one at a time (the "runspace" collection).
/// </summary>
public sealed class StudioSession : IAsyncDisposable
{
    private readonly HttpClient _admin = new();

    private StudioSession(EmulatorHost emulator, RecordingHost host, Runspace runspace)
    {
        Emulator = emulator;
        Host = host;
        Runspace = runspace;
    }

    public EmulatorHost Emulator { get; }
    public RecordingHost Host { get; }
    public Runspace Runspace { get; }

    public static async Task<StudioSession> StartAsync(EmulatorOptions? options = null)
    {
        var emulator = await EmulatorHost.StartAsync(options ?? new EmulatorOptions { Executions = 600, Seed = 9 });
        var iss = InitialSessionState.CreateDefault2();
        iss.ImportPSModule(typeof(StopStudioExecutionCommand).Assembly.Location);
        var host = new RecordingHost();
        var runspace = RunspaceFactory.CreateRunspace(host, iss);
        runspace.Open();
        var session = new StudioSession(emulator, host, runspace);
        session.Invoke("Connect-StudioAccount -Credential ([pscredential]::new($args[0], (ConvertTo-SecureString $args[1] -AsPlainText -Force))) -Endpoint $args[2]",
            emulator.Options.AccountSid, emulator.Options.AuthToken, emulator.BaseUrl.ToString());
        return session;
    }

    public List<PSObject> Invoke(string script, params object[] args) => Invoke(script, out _, args);

    public List<PSObject> Invoke(string script, out List<ErrorRecord> errors, params object[] args)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = Runspace;
        ps.AddScript(script);
        foreach (var a in args) ps.AddArgument(a);
        var result = ps.Invoke().ToList();
        errors = ps.Streams.Error.ToList();
        return result;
    }

    public async Task<JsonElement> Admin(string path)
        => JsonDocument.Parse(await _admin.GetStringAsync(new Uri(Emulator.BaseUrl, path))).RootElement;

    public async Task<long> LastSeq() => (await Admin("/_emulator/requests")).GetProperty("last_seq").GetInt64();

    public async Task<int> PostsSince(long seq) => (await Admin($"/_emulator/requests?method=POST&since={seq}")).GetProperty("count").GetInt32();

    public async ValueTask DisposeAsync()
    {
        Invoke("Disconnect-StudioAccount");
        Runspace.Dispose();
        _admin.Dispose();
        await Emulator.DisposeAsync();
    }
}

[CollectionDefinition("runspace", DisableParallelization = true)]
public sealed class RunspaceCollection;
