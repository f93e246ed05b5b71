using System.Runtime.InteropServices;
using System.Security;

namespace StudioCmdlets.Engine
{
    /// <summary>
    /// The one place a secret becomes text again: the connection's secret, for the requests' Authorization header.
    /// (Text becomes a secret through <see cref="SecretText"/>, on both sides.)
    /// </summary>
    internal static class Secrets
    {
        public static string Reveal(SecureString secret)
        {
            var ptr = IntPtr.Zero;
            try
            {
                ptr = Marshal.SecureStringToGlobalAllocUnicode(secret);
                return Marshal.PtrToStringUni(ptr) ?? string.Empty;
            }
            finally
            {
                if (ptr != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(ptr);
            }
        }
    }
}
