using StudioEmulator;

EmulatorOptions options;
try
{
    options = EmulatorOptions.Parse(args);
}
catch (HelpRequestedException)
{
    Console.WriteLine(EmulatorOptions.Usage);
    return 0;
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine("StudioEmulator: " + ex.Message);
    return 2;
}

await using var host = await EmulatorHost.StartAsync(options);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
if (options.ExitOnStdinClose)
{
    // A parent that dies closes our stdin: leave with it rather than hold its output open.
    _ = Task.Run(() =>
    {
        try { while (Console.In.ReadLine() is not null) { } } catch (IOException) { }
        stop.Cancel();
    });
}
Console.WriteLine($"StudioEmulator listening on {host.BaseUrl.ToString().TrimEnd('/')}");
Console.Out.Flush();
try { await host.WaitForShutdownAsync(stop.Token); }
catch (OperationCanceledException) { }
return 0;
