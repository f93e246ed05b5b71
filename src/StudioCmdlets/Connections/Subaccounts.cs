using System.Collections.Concurrent;

namespace StudioCmdlets.Connections
{
    /// <summary>
    /// The subaccounts Get-StudioSubaccount listed in this process, by parent: what a Studio cmdlet needs to send an
    /// object's requests to the account it came from. A subaccount's connection is made the first time it is used, from
    /// its auth token read with the parent's credentials, and kept (the token only as a secret, inside the connection).
    /// Only the parent that listed a subaccount reaches it: an object of a subaccount another parent listed is refused.
    /// </summary>
    internal static class Subaccounts
    {
        private static readonly ConcurrentDictionary<(string Parent, string Sub), Entry> Known = new ConcurrentDictionary<(string, string), Entry>();

        /// <summary>One listed subaccount: its parent's connection, and its own once made.</summary>
        internal sealed class Entry
        {
            public Entry(StudioConnection parent, string accountSid)
            {
                Parent = parent;
                AccountSid = accountSid;
            }

            public StudioConnection Parent { get; }
            public string AccountSid { get; }
            /// <summary>The subaccount's own connection, once its token was read.</summary>
            public StudioConnection? Connection { get; set; }
        }

        /// <summary>
        /// Remembers a listed subaccount of <paramref name="parent"/>. With the token the list gave, its connection is made
        /// (a rotated token replaces the old); without, a connection already made is kept, else made at first use.
        /// </summary>
        public static void Register(StudioConnection parent, string accountSid, System.Security.SecureString? token = null)
        {
            var entry = Known.AddOrUpdate((parent.AccountSid, accountSid), _ => new Entry(parent, accountSid),
                (_, old) => SameRoute(old.Parent, parent) ? old : new Entry(parent, accountSid));
            if (token is not null) lock (entry) entry.Connection = ConnectionFor(parent, accountSid, token);
        }

        /// <summary>The subaccount <paramref name="accountSid"/> of <paramref name="parent"/>, if Get-StudioSubaccount listed it.</summary>
        public static Entry? Find(StudioConnection parent, string accountSid)
            => Known.TryGetValue((parent.AccountSid, accountSid), out var entry) && SameRoute(entry.Parent, parent) ? entry : null;

        /// <summary>Forgets the subaccounts of a parent (Disconnect-StudioAccount): their tokens go with them.</summary>
        public static void Forget(string parentAccountSid)
        {
            foreach (var key in Known.Keys) if (key.Parent == parentAccountSid) Known.TryRemove(key, out _);
        }

        /// <summary>The subaccount's connection: its SID and token, the parent's endpoint, region, edge and request settings.</summary>
        public static StudioConnection ConnectionFor(StudioConnection parent, string accountSid, System.Security.SecureString token)
            => new StudioConnection(accountSid, accountSid, token, parent.Region, parent.Edge, parent.Endpoint, $"Subaccount of {parent.AccountSid}")
                .WithRequestSettings(parent.Timeout, parent.MaxRetries, parent.RetryDelay);

        private static bool SameRoute(StudioConnection a, StudioConnection b)
            => a.Username == b.Username && Equals(a.Endpoint, b.Endpoint) && a.Region == b.Region && a.Edge == b.Edge;
    }
}
