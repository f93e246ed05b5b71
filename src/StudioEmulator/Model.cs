using System.Security.Cryptography;

namespace StudioEmulator;

/// <summary>A Studio flow as the emulator keeps it.</summary>
internal sealed class Flow
{
    public required string Sid { get; init; }
    public required string FriendlyName { get; set; }
    public string Status { get; set; } = "published";
    public int Revision { get; set; } = 1;
    public string? CommitMessage { get; set; }
    public required JsonObject Definition { get; set; }
    /// <summary>Each revision's definition, so an execution's own revision can be read back (Flow Revisions).</summary>
    public Dictionary<int, JsonObject> Revisions { get; } = new();
    public DateTimeOffset DateCreated { get; init; }
    public DateTimeOffset DateUpdated { get; set; }
    public string AuthorSid { get; init; } = "US" + new string('0', 31) + "1";
    /// <summary>The address the flow's trigger listens on (a phone number, or a webchat address).</summary>
    public string ChannelAddress { get; init; } = "+15005550006";
}

/// <summary>One transition of an execution: the event <see cref="Name"/> moved it from one widget to the next.</summary>
internal sealed record StepTemplate(string Name, string From, string To, string WidgetType, TimeSpan After);

/// <summary>An execution. Steps and context are derived from <see cref="Path"/> so 100,000 executions stay small.</summary>
internal sealed class Execution
{
    public required string Sid { get; init; }
    public required string FlowSid { get; init; }
    public required string ContactAddress { get; init; }
    /// <summary>The flow's address the execution talks from (Studio keys its one-active rule on To and From).</summary>
    public string From { get; init; } = "";
    public required string ContactSid { get; init; }
    public int FlowVersion { get; init; } = 1;
    public string Status { get; set; } = "active";
    public DateTimeOffset DateCreated { get; init; }
    public DateTimeOffset DateUpdated { get; set; }
    public required string InitiatedBy { get; init; }
    public required StepTemplate[] Path { get; init; }
    public string TriggerBody { get; init; } = "";
    public JsonObject? Parameters { get; init; }
    /// <summary>
    /// For the scenario's active executions, what a person who knows the whole story would call it: stranded
    /// (no release soon, the contact is blocked), waiting (Studio releases it by itself within the hour) or live
    /// (a conversation or call that is going on). Ground truth for triage tests; never sent on /v2.
    /// </summary>
    public string? Truth { get; init; }

    public (DateTimeOffset Created, string Sid) Key => (DateCreated, Sid);

    /// <summary>What Studio's one-active-execution rule is keyed on: the flow and the To/From combination.</summary>
    public (string Flow, string To, string From) ContactKey => (FlowSid, ContactAddress, From);
}

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
