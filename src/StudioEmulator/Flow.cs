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
