namespace System.Runtime.CompilerServices
{
    /// <summary>Lets netstandard2.0 declare records and init-only properties.</summary>
    internal static class IsExternalInit
    {
    }
}
