using System.Collections.Concurrent;

namespace StudioEmulator;

/// <summary>
/// Run-time knobs: latency, a concurrency cap and fault injection. Settable at start-up and through
/// <c>POST /_emulator/knobs</c>. Faults are decided by hashing (seed, method, path, how many times that
/// request was seen), so a run is reproducible however its requests interleave, and a retry of a failed
/// request gets a fresh decision.
/// </summary>
internal sealed class Knobs
{
    private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);

    public volatile int LatencyMs;
    public volatile int MaxConcurrency;
    /// <summary>
    /// Seconds in a Retry-After header on 429 and 503 answers; negative (the default) sends none, as Twilio's
    /// documentation of error 20429 shows none.
    /// </summary>
    public volatile int RetryAfterSeconds = -1;
    /// <summary>Ignore the list's status filter, as a server or proxy might: listings must re-check status themselves.</summary>
    public volatile bool IgnoreStatusFilter;
    /// <summary>
    /// The latency comes after the request is carried out, not before: the write is made at once and only its answer
    /// is slow, and a client that goes away meanwhile (stopped, killed) never hears it. What a busy Twilio can do.
    /// </summary>
    public volatile bool LatencyAfterWrite;
    private double _faultRate;
    public double FaultRate { get => Volatile.Read(ref _faultRate); set => Volatile.Write(ref _faultRate, value); }
    public volatile int FaultSeed;
    public volatile FaultKind[] FaultKinds = Array.Empty<FaultKind>();
    public volatile string[] FaultMethods = Array.Empty<string>();

    public Knobs(EmulatorOptions o)
    {
        LatencyMs = o.LatencyMs;
        RetryAfterSeconds = o.RetryAfterSeconds;
        MaxConcurrency = o.MaxConcurrency;
        FaultRate = o.FaultRate;
        FaultSeed = o.FaultSeed;
        FaultKinds = StudioEmulator.FaultKinds.Parse(o.FaultKinds);
        FaultMethods = Split(o.FaultMethods);
    }

    public static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(s => s.ToUpperInvariant()).ToArray();

    /// <summary>The fault to inject into this request, or null.</summary>
    public FaultKind? DecideFault(string method, string pathAndQuery)
    {
        var rate = FaultRate;
        var kinds = FaultKinds;
        if (rate <= 0 || kinds.Length == 0 || !FaultMethods.Contains(method)) return null;
        var key = method + " " + pathAndQuery;
        var occurrence = _seen.AddOrUpdate(key, 1, (_, n) => n + 1);
        var h = Hash($"{FaultSeed}|{key}|{occurrence}");
        var roll = (h >> 11) * (1.0 / (1UL << 53));
        if (roll >= rate) return null;
        return kinds[(int)(Hash($"kind|{FaultSeed}|{key}|{occurrence}") % (ulong)kinds.Length)];
    }

    public void ResetFaultHistory() => _seen.Clear();

    /// <summary>Adds the Retry-After header when the knob asks for one.</summary>
    public void AddRetryAfter(HttpResponse response)
    {
        var seconds = RetryAfterSeconds;
        if (seconds >= 0) response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static ulong Hash(string s)
    {
        // FNV-1a, then a final mix so nearby keys spread out.
        var h = 14695981039346656037UL;
        foreach (var c in s) { h ^= c; h *= 1099511628211UL; }
        h ^= h >> 33; h *= 0xff51afd7ed558ccdUL; h ^= h >> 33; h *= 0xc4ceb9fe1a85ec53UL; h ^= h >> 33;
        return h;
    }
}
