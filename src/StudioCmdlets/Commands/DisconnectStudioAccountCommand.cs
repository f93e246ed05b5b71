namespace StudioCmdlets.Commands
{
    /// <summary>Disconnect-StudioAccount. Its help, the one source of its prose, is module/help/Disconnect-StudioAccount.md.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "StudioAccount", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Disconnect-StudioAccount.md")]
    [OutputType(typeof(void))]
    public sealed class DisconnectStudioAccountCommand : PSCmdlet
    {
        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var was = ConnectionStore.Clear();
            if (was is not null) Subaccounts.Forget(was.AccountSid);
            WriteVerbose(was is null ? "No connection was made with Connect-StudioAccount." : $"Disconnected {was.Username}.");
        }
    }
}
