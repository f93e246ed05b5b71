using System;
using System.Management.Automation;
using StudioCmdlets.Api;
using StudioCmdlets.Model;

namespace StudioCmdlets.Commands
{
    /// <summary>
    /// <para type="synopsis">Connects the Studio cmdlets to a Twilio account.</para>
    /// <para type="description">Checks the credentials with one request, then keeps the connection for this session.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "StudioAccount", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Connect-StudioAccount.md")]
    [OutputType(typeof(StudioAccount))]
    public sealed class ConnectStudioAccountCommand : StudioCmdlet
    {
        /// <summary>User name: the Account SID (AC...) with the auth token as password, or an API key SID (SK...) with its secret.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [Credential]
        public PSCredential Credential { get; set; } = PSCredential.Empty;

        /// <summary>The account to act on; required with an API key, optional (and checked) with an Account SID.</summary>
        [Parameter]
        public string? AccountSid { get; set; }

        /// <summary>Twilio region (for example ie1, au1).</summary>
        [Parameter]
        public string? Region { get; set; }

        /// <summary>Twilio edge location (for example dublin, sydney).</summary>
        [Parameter]
        public string? Edge { get; set; }

        /// <summary>Send requests here instead of Twilio: the Studio emulator, or an https proxy. Plain http only for loopback.</summary>
        [Parameter]
        public string? Endpoint { get; set; }

        /// <summary>Seconds one attempt of a request may take (default 60).</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; }

        /// <summary>Retries after a 429, a 5xx or (when safe to repeat) a dropped connection (default 6; 0 turns retries off).</summary>
        [Parameter]
        [ValidateRange(0, 20)]
        public int MaxRetryCount { get; set; } = StudioConnection.DefaultMaxRetries;

        /// <summary>The first retry's delay in milliseconds (default 250); later ones double, with jitter, and honour Retry-After.</summary>
        [Parameter]
        [ValidateRange(0, 60000)]
        public int RetryDelayMilliseconds { get; set; } = (int)StudioConnection.DefaultRetryDelay.TotalMilliseconds;

        /// <summary>Keep the connection without the check request.</summary>
        [Parameter]
        public SwitchParameter SkipVerification { get; set; }

        /// <summary>Emit the connection (never its secret); pass it to any cmdlet's -Connection to work on several accounts in one script.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            StudioConnection connection;
            try
            {
                var user = Credential.UserName?.Trim() ?? "";
                var account = string.IsNullOrWhiteSpace(AccountSid) ? user : AccountSid!.Trim();
                if (Sid.Kind(user) == SidKind.ApiKey && string.IsNullOrWhiteSpace(AccountSid))
                    throw new StudioConnectionException("AccountSidRequired", "With an API key (SK...) as user name, give the account with -AccountSid AC....");
                if (Sid.Kind(user) == SidKind.Account && account != user)
                    throw new StudioConnectionException("AccountSidMismatch", $"-AccountSid {account} differs from the credential's Account SID {user}.");
                var endpoint = string.IsNullOrWhiteSpace(Endpoint) ? null : StudioConnection.ParseEndpoint(Endpoint!.Trim());
                connection = StudioConnection.Create(account, user, Credential.Password, Region, Edge, endpoint, "Connect-StudioAccount")
                    .WithRequestSettings(TimeoutSec > 0 ? TimeSpan.FromSeconds(TimeoutSec) : (TimeSpan?)null, MaxRetryCount, TimeSpan.FromMilliseconds(RetryDelayMilliseconds));
            }
            catch (StudioConnectionException ex)
            {
                ThrowTerminatingError(StudioErrors.Record(ex, ex.ErrorId, ErrorCategory.InvalidArgument, null));
                return;
            }

            if (!SkipVerification)
            {
                WriteVerbose($"Checking the credentials of {connection.Username} against {connection.Endpoint?.ToString() ?? "Twilio"}.");
                var client = ClientFor(connection);
                if (!TryRequest(() => client.Verify(), "StudioAccount", "checking the credentials", connection.Username)) return;
            }
            ConnectionStore.Set(connection);
            WriteVerbose($"Connected as {connection.Username} ({connection.AuthType}) to account {connection.AccountSid}.");
            if (PassThru) WriteObject(new StudioAccount(connection));
        }
    }
}
