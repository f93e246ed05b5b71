namespace StudioEmulator;

/// <summary>What an injected fault does to a request (the knob <c>fault_kinds</c> names them).</summary>
internal enum FaultKind
{
    /// <summary>429, code 20429: too many requests.</summary>
    TooManyRequests,
    /// <summary>503, code 20503.</summary>
    Unavailable,
    /// <summary>The connection is dropped before anything is done.</summary>
    Drop,
    /// <summary>The write happens; its answer never reaches the client.</summary>
    Lost,
    /// <summary>A proxy's 502 page in HTML.</summary>
    Html,
}

/// <summary>The knob's names of the fault kinds.</summary>
internal static class FaultKinds
{
    private static readonly (string Name, FaultKind Kind)[] Names =
        { ("429", FaultKind.TooManyRequests), ("503", FaultKind.Unavailable), ("drop", FaultKind.Drop), ("lost", FaultKind.Lost), ("html", FaultKind.Html) };

    public static IEnumerable<string> All => Names.Select(n => n.Name);

    public static string Name(this FaultKind kind) => Names.First(n => n.Kind == kind).Name;

    /// <summary>A comma-separated list of names to kinds; an unknown name is an error that lists the known ones.</summary>
    public static FaultKind[] Parse(string list)
    {
        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToLowerInvariant()).ToArray();
        var bad = names.Except(All).ToArray();
        if (bad.Length > 0) throw new ArgumentException($"Unknown fault kind(s) {string.Join(", ", bad)}: use {string.Join(", ", All)}.");
        return names.Select(n => Names.First(x => x.Name == n).Kind).ToArray();
    }
}
