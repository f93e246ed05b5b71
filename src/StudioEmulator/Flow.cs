namespace StudioEmulator;

/// <summary>
/// A Studio flow as the emulator keeps it. Every create or update makes a new immutable revision (Twilio's Flow page);
/// <see cref="Revision"/> is the latest, <see cref="PublishedRevision"/> the one new executions start on (a draft
/// saved on top leaves the published flow running).
/// </summary>
internal sealed class Flow
{
    public required string Sid { get; init; }
    public required string FriendlyName { get; set; }
    public FlowStatus Status { get; set; } = FlowStatus.Published;
    public int Revision { get; set; } = 1;
    /// <summary>The latest published revision: what new executions run. 0 while the flow has only drafts.</summary>
    public int PublishedRevision { get; set; }
    public string? CommitMessage { get; set; }
    public required JsonObject Definition { get; set; }
    /// <summary>Each revision's definition, so an execution's own revision can be read back (Flow Revisions).</summary>
    public Dictionary<int, JsonObject> Revisions { get; } = new();
    /// <summary>Each revision's status (draft or published), commit message and time.</summary>
    public Dictionary<int, (FlowStatus Status, string? CommitMessage, DateTimeOffset At)> RevisionInfo { get; } = new();
    public DateTimeOffset DateCreated { get; init; }
    public DateTimeOffset DateUpdated { get; set; }
    public string AuthorSid { get; init; } = "US" + new string('0', 31) + "1";
    /// <summary>The address the flow's trigger listens on (a phone number, or a webchat address).</summary>
    public string ChannelAddress { get; init; } = "+15005550006";

    /// <summary>Keeps <paramref name="definition"/> as revision <paramref name="revision"/>, the latest; published, it is what new executions run.</summary>
    public void Record(int revision, JsonObject definition, FlowStatus status, string? commitMessage, DateTimeOffset at)
    {
        lock (Revisions)
        {
            Revision = revision;
            Definition = definition;
            Status = status;
            CommitMessage = commitMessage;
            Revisions[revision] = definition;
            RevisionInfo[revision] = (status, commitMessage, at);
            if (status == FlowStatus.Published) PublishedRevision = revision;
        }
    }

    /// <summary>The definition new executions start on, with its revision; null while nothing is published.</summary>
    public (int Revision, JsonObject Definition)? Published
    {
        get { lock (Revisions) return PublishedRevision > 0 ? (PublishedRevision, Revisions[PublishedRevision]) : null; }
    }
}
