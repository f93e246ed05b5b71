namespace StudioCmdlets.Engine
{
    /// <summary>
    /// Twilio's regional host names: <c>studio.{edge}.{region}.twilio.com</c>. Twilio retired the
    /// <c>{product}.{region}.twilio.com</c> names on 2026-04-28, so a region given alone gets its default edge;
    /// an edge given alone means the default region, us1 (Twilio's "Using the Twilio REST API in a non-US
    /// Region" and twilio-csharp's regional processing). Credentials are per region: the ones for ie1 do not
    /// work in us1.
    /// </summary>
    internal static class Regions
    {
        public const string DefaultRegion = "us1";

        private static readonly Dictionary<string, string> DefaultEdges = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["au1"] = "sydney", ["br1"] = "sao-paulo", ["de1"] = "frankfurt", ["ie1"] = "dublin", ["jp1"] = "tokyo",
            ["jp2"] = "osaka", ["sg1"] = "singapore", ["us1"] = "ashburn", ["us2"] = "umatilla",
        };

        /// <summary>The region and edge to put in the host name, or (null, null) for the global studio.twilio.com.</summary>
        public static (string? Region, string? Edge) Routing(string? region, string? edge)
        {
            region = string.IsNullOrWhiteSpace(region) ? null : region!.Trim().ToLowerInvariant();
            edge = string.IsNullOrWhiteSpace(edge) ? null : edge!.Trim().ToLowerInvariant();
            if (region is null && edge is null) return (null, null);
            if (region is null) return (DefaultRegion, edge);
            if (edge is null) return (region, DefaultEdges.TryGetValue(region, out var e) ? e : null);
            return (region, edge);
        }
    }
}
