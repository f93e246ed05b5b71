using System.Runtime.InteropServices;
using System.Security;

namespace StudioCmdlets.Connections
{
    /// <summary>A connection that cannot be made; <see cref="ErrorId"/> is stable for scripts to match.</summary>
    internal sealed class StudioConnectionException : Exception
    {
        public StudioConnectionException(string errorId, string message) : base(message) => ErrorId = errorId;
        public string ErrorId { get; }
    }
}
