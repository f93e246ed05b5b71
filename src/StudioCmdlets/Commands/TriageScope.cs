namespace StudioCmdlets.Commands
{
    /// <summary>What one piped item of Get-StudioStuckExecution asks to triage: some flows, or every flow, of an account.</summary>
    /// <param name="Subaccount">The subaccount, or null for the connection's own account.</param>
    /// <param name="Flows">The flows, or null for every flow of the account.</param>
    internal sealed record TriageScope(string? Subaccount, List<string>? Flows);
}
