namespace StudioEmulator;

/// <summary>One request as the log records it (never its credentials).</summary>
internal sealed record LoggedRequest(long Seq, DateTimeOffset At, string Method, string Path, string Query, string? Form, string? User)
{
    public int Status { get; set; }
    public string? Fault { get; set; }
    public double Milliseconds { get; set; }
}
