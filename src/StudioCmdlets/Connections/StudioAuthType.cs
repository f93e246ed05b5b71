using System.Net;
using System.Runtime.InteropServices;
using System.Security;

namespace StudioCmdlets.Connections
{
    /// <summary>How the module authenticates to Twilio.</summary>
    internal enum StudioAuthType
    {
        /// <summary>Account SID and auth token.</summary>
        AuthToken,
        /// <summary>API key SID and secret, on behalf of an account.</summary>
        ApiKey,
    }
}
