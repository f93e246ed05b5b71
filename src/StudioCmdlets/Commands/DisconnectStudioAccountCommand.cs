using System.Management.Automation;
using StudioCmdlets.Api;

namespace StudioCmdlets.Commands
{
    /// <summary>
    /// <para type="synopsis">Forgets the connection made by Connect-StudioAccount.</para>
    /// <para type="description">Afterwards the cmdlets use the TWILIO_* environment variables, if set.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "StudioAccount", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Disconnect-StudioAccount.md")]
    [OutputType(typeof(void))]
    public sealed class DisconnectStudioAccountCommand : StudioCmdlet
    {
        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var was = ConnectionStore.Clear();
            WriteVerbose(was is null ? "No connection was made with Connect-StudioAccount." : $"Disconnected {was.Username}.");
        }
    }
}
