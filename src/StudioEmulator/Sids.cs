using System.Security.Cryptography;

namespace StudioEmulator;

internal static class Sids
{
    /// <summary>A SID derived from text: the same input always gives the same SID.</summary>
    public static string Derive(string prefix, string seed)
        => prefix + Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(seed))).ToLowerInvariant();

    public static string Random(string prefix, Random rng)
    {
        Span<byte> b = stackalloc byte[16];
        rng.NextBytes(b);
        return prefix + Convert.ToHexString(b).ToLowerInvariant();
    }

    public static bool IsValid(string? sid, string prefix)
        => sid is { Length: 34 } && sid.StartsWith(prefix, StringComparison.Ordinal) && sid.AsSpan(2).ContainsAnyExcept("0123456789abcdefABCDEF") == false;
}
