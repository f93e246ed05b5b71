using System.Collections.Generic;
using System.Management.Automation;
using Newtonsoft.Json.Linq;

namespace StudioCmdlets.Engine
{
    /// <summary>
    /// Turns Twilio's JSON (Newtonsoft tokens) into plain PowerShell objects, so a context can be walked
    /// with dots (<c>$c.Context.trigger.message.Body</c>) and exported with ConvertTo-Json or Export-Clixml,
    /// and no Newtonsoft type reaches the pipeline.
    /// </summary>
    internal static class PSJson
    {
        public static object? ToPowerShell(object? value)
        {
            switch (value)
            {
                case null: return null;
                case JObject o:
                    var ps = new PSObject();
                    foreach (var p in o.Properties()) ps.Properties.Add(new PSNoteProperty(p.Name, ToPowerShell(p.Value)));
                    return ps;
                case JArray a:
                    var items = new List<object?>(a.Count);
                    foreach (var item in a) items.Add(ToPowerShell(item));
                    return items.ToArray();
                case JValue v: return v.Value;
                case string s:
                    // Some Twilio resources hand back JSON as a string.
                    var t = s.TrimStart();
                    if (t.StartsWith("{") || t.StartsWith("["))
                    {
                        try { return ToPowerShell(JToken.Parse(s)); }
                        catch (Newtonsoft.Json.JsonException) { return s; }
                    }
                    return s;
                default: return value;
            }
        }
    }
}
