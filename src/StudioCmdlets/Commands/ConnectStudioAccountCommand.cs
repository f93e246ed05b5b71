namespace StudioCmdlets.Commands
{
    /// <summary>Connect-StudioAccount. Its help, the one source of its prose, is module/help/Connect-StudioAccount.md.</summary>
    [Cmdlet(VerbsCommunications.Connect, "StudioAccount", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Connect-StudioAccount.md")]
    [OutputType(typeof(StudioAccount))]
    public sealed class ConnectStudioAccountCommand : PSCmdlet, IDisposable
    {
        // Connect makes connections rather than use one: it is no StudioCmdlet (which takes -Connection), and needs
        // only the one request that checks the credentials, cancelled by Ctrl+C.
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        [Parameter(Mandatory = true, Position = 0)]
        [Credential]
        public PSCredential Credential { get; set; } = PSCredential.Empty;

        [Parameter]
        public string? AccountSid { get; set; }

        [Parameter]
        public string? Region { get; set; }

        [Parameter]
        public string? Edge { get; set; }

        [Parameter]
        public string? Endpoint { get; set; }

        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; }

        [Parameter]
        [ValidateRange(0, 20)]
        public int MaxRetryCount { get; set; } = StudioConnection.DefaultMaxRetries;

        [Parameter]
        [ValidateRange(0, 60000)]
        public int RetryDelayMilliseconds { get; set; } = (int)StudioConnection.DefaultRetryDelay.TotalMilliseconds;

        [Parameter]
        public SwitchParameter SkipVerification { get; set; }

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
                    throw new StudioConnectionException(ErrorIds.AccountSidRequired, "With an API key (SK...) as user name, give the account with -AccountSid AC....");
                if (Sid.Kind(user) == SidKind.Account && account != user)
                    throw new StudioConnectionException(ErrorIds.AccountSidMismatch, $"-AccountSid {account} differs from the credential's Account SID {user}.");
                var endpoint = string.IsNullOrWhiteSpace(Endpoint) ? null : StudioConnection.ParseEndpoint(Endpoint!.Trim());
                connection = StudioConnection.Create(account, user, Credential.Password, Region, Edge, endpoint, "Connect-StudioAccount")
                    .WithRequestSettings(TimeoutSec > 0 ? TimeSpan.FromSeconds(TimeoutSec) : (TimeSpan?)null, MaxRetryCount, TimeSpan.FromMilliseconds(RetryDelayMilliseconds));
            }
            catch (StudioConnectionException ex)
            {
                ThrowTerminatingError(StudioErrors.Record(ex, ex.ErrorId, ErrorCategory.InvalidArgument, null));
                return;
            }

            if (!SkipVerification) Verify(connection);
            // A connection that is returned is for -Connection: it becomes the default only where there is none yet,
            // so a script holding two connections never has its unqualified commands redirected (PnP's -ReturnConnection).
            // Credentials in the environment (a runbook's) are a default as much as a connection made here.
            var inUse = ConnectionStore.Current ?? EnvironmentConnection();
            var becomesDefault = !PassThru || inUse is null;
            if (becomesDefault) ConnectionStore.Set(connection);
            WriteVerbose($"Connected as {connection.Username} ({connection.AuthType}) to account {connection.AccountSid}" +
                (becomesDefault ? "; commands without -Connection use it." : $"; the default stays account {inUse!.AccountSid}: pass this one with -Connection."));
            if (PassThru) WriteObject(new StudioAccount(connection));
        }

        /// <summary>The connection the environment's credentials make; null when there are none, or too few to connect.</summary>
        private static StudioConnection? EnvironmentConnection()
        {
            try { return StudioConnection.FromEnvironment(Environment.GetEnvironmentVariable); }
            catch (StudioConnectionException) { return null; }
        }

        /// <summary>One request that fails with 401 on wrong credentials: a connection that cannot be used is never kept.</summary>
        private void Verify(StudioConnection connection)
        {
            WriteVerbose($"Checking the credentials of {connection.Username} against {connection.Endpoint?.ToString() ?? "Twilio"}.");
            var trace = new System.Collections.Concurrent.ConcurrentQueue<string>();
            var client = DependencyLoader.CreateClient(connection, trace.Enqueue, new AdaptiveLimit(1));
            try { client.VerifyAsync(_stopping.Token).GetAwaiter().GetResult(); }
            catch (Exception) when (_stopping.IsCancellationRequested) { throw new PipelineStoppedException(); }
            catch (Exception ex) { ThrowTerminatingError(StudioErrors.From(ex, SidKind.Account, "checking the credentials", connection.Username)); }
            finally { while (trace.TryDequeue(out var text)) WriteDebug("Studio: " + text); }
        }

        /// <inheritdoc />
        protected override void StopProcessing() => _stopping.Cancel();

        /// <inheritdoc />
        public void Dispose() => _stopping.Dispose();
    }
}
