namespace StudioEmulator;

/// <summary>
/// Twilio's enums on the wire (<c>execution_enum_status</c>, <c>flow_enum_status</c>, <c>account_enum_status</c>): the
/// names in lower case, and only those read back.
/// </summary>
internal static class TwilioEnums
{
    public static string Wire<T>(this T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>Twilio's spelling (lower case, exactly) to the value; false for anything else.</summary>
    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (candidate.Wire() != text) continue;
            value = candidate;
            return true;
        }
        value = default;
        return false;
    }
}
