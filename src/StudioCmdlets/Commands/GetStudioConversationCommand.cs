using StudioCmdlets.Contract;

namespace StudioCmdlets.Commands
{
    /// <summary>Get-StudioConversation. Its help, the one source of its prose, is module/help/Get-StudioConversation.md.</summary>
    [Cmdlet(VerbsCommon.Get, "StudioConversation", HelpUri = "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/Get-StudioConversation.md")]
    [OutputType(typeof(StudioConversation))]
    public sealed class GetStudioConversationCommand : ConversationListing<StudioConversation>
    {
        [Parameter]
        public StudioConversationStatus[]? State { get; set; }

        [Parameter]
        public DateTimeOffset? CreatedAfter { get; set; }

        [Parameter]
        public DateTimeOffset? CreatedBefore { get; set; }

        internal override string Activity => "Listing conversations";

        internal override ConversationReader MakeReader()
        {
            if (State is { Length: 0 })
                ThrowTerminatingError(StudioErrors.Record(new ArgumentException("-State is empty: name Active, Inactive or Closed, or leave it out for all."),
                    ErrorIds.EmptyStatus, ErrorCategory.InvalidArgument, State));
            // Twilio filters one state a listing: one listing per state asked for, or one for all.
            IReadOnlyList<string?> states = State is null ? new string?[] { null } : State.Distinct().Select(s => (string?)s.ToString().ToLowerInvariant()).ToList();
            return new ConversationReader(ContactAddress, states, CreatedAfter, CreatedBefore);
        }

        internal override async Task HandleAsync(StudioClient client, ConversationRecord c, ParticipantRecord? contact, CancellationToken cancellation)
        {
            // The contact it holds: known from a lookup by contact, else one read of its participants.
            var participants = contact is null ? await client.Engine.ListParticipantsAsync(c.Sid, cancellation).ConfigureAwait(false) : new[] { contact };
            var customer = ConversationTriage.Contact(participants, new HashSet<string>(StringComparer.Ordinal));
            if (!Reader.Matches(customer) && contact is null && ContactAddress is not null) return;
            Ready(new StudioConversation
            {
                Sid = c.Sid, AccountSid = string.IsNullOrEmpty(c.AccountSid) ? client.AccountSid : c.AccountSid, State = ConversationTriage.Word(c.State),
                ContactAddress = customer?.Address ?? customer?.Identity, ProxyAddress = customer?.ProxyAddress, FriendlyName = c.FriendlyName,
                DateCreated = c.DateCreated, DateUpdated = c.DateUpdated, DateInactive = c.DateInactive, DateClosed = c.DateClosed,
            });
        }
    }
}
