namespace StudioEmulator;

/// <summary>A flow revision's status: Twilio's <c>flow_enum_status</c> has exactly these two.</summary>
internal enum FlowStatus
{
    Draft,
    Published,
}

/// <summary>The status as Twilio writes it, and back.</summary>
internal static class FlowStatuses
{
    public static string Wire(this FlowStatus status) => status == FlowStatus.Published ? "published" : "draft";

    /// <summary>Twilio's spelling to the status; false for anything else.</summary>
    public static bool TryParse(string? text, out FlowStatus status)
    {
        status = text == "draft" ? FlowStatus.Draft : FlowStatus.Published;
        return text is "draft" or "published";
    }
}
