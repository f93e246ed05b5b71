namespace System.Runtime.CompilerServices
{
    /// <summary>Lets netstandard2.0 declare init-only properties (the records are set once, by the engine's reader).</summary>
    internal static class IsExternalInit
    {
    }
}
