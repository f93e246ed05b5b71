using System.Security;

namespace StudioCmdlets.Contract
{
    /// <summary>How both sides keep a secret they were given as text: a read-only <see cref="SecureString"/>.</summary>
    public static class SecretText
    {
        /// <summary>The text as a read-only secret.</summary>
        public static SecureString Protect(string text)
        {
            var s = new SecureString();
            foreach (var c in text ?? throw new ArgumentNullException(nameof(text))) s.AppendChar(c);
            s.MakeReadOnly();
            return s;
        }
    }
}
