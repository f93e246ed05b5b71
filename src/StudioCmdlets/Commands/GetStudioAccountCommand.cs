namespace StudioCmdlets.Commands
{
    /// <summary>Get-StudioAccount. Its help, the one source of its prose, is module/help/Get-StudioAccount.md.</summary>
    [Cmdlet(VerbsCommon.Get, "StudioAccount", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Get-StudioAccount.md")]
    [OutputType(typeof(StudioAccount))]
    public sealed class GetStudioAccountCommand : PSCmdlet
    {
        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            try
            {
                WriteObject(new StudioAccount(StudioConnection.Resolve()));
            }
            catch (StudioConnectionException ex)
            {
                WriteError(StudioErrors.Record(ex, ex.ErrorId, ErrorCategory.AuthenticationError, null,
                    "Run Connect-StudioAccount, or set the TWILIO_* environment variables."));
            }
        }
    }
}
