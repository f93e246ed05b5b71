using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace StudioCmdlets.Connections
{
    /// <summary>
    /// Where Connect-StudioAccount keeps connections: one per runspace, so two ForEach-Object -Parallel
    /// runspaces (or thread jobs) connected to two accounts each keep their own. The first runspace to connect
    /// also sets the process default, which runspaces that never connected (new runspaces, thread jobs)
    /// start from; only that runspace changes or clears the default afterwards.
    /// </summary>
    internal static class ConnectionStore
    {
        private static readonly ConditionalWeakTable<Runspace, Holder> ByRunspace = new ConditionalWeakTable<Runspace, Holder>();
        private static readonly object Lock = new object();
        private static StudioConnection? _default;
        private static System.WeakReference<Runspace>? _defaultOwner;

        /// <summary>This runspace's connection, else the process default; null when neither was made (or this runspace disconnected).</summary>
        public static StudioConnection? Current
        {
            get
            {
                var runspace = Runspace.DefaultRunspace;
                lock (Lock)
                {
                    if (runspace is not null && ByRunspace.TryGetValue(runspace, out var own)) return own.Connection;
                    return _default;
                }
            }
        }

        public static void Set(StudioConnection connection)
        {
            var runspace = Runspace.DefaultRunspace;
            lock (Lock)
            {
                if (runspace is not null)
                {
                    ByRunspace.Remove(runspace);
                    ByRunspace.Add(runspace, new Holder(connection));
                }
                if (OwnsDefault(runspace))
                {
                    _default = connection;
                    _defaultOwner = runspace is null ? null : new System.WeakReference<Runspace>(runspace);
                }
            }
        }

        /// <summary>Forgets this runspace's connection; it then uses the environment, not the process default.</summary>
        public static StudioConnection? Clear()
        {
            var runspace = Runspace.DefaultRunspace;
            lock (Lock)
            {
                var was = Current;
                if (runspace is not null)
                {
                    ByRunspace.Remove(runspace);
                    ByRunspace.Add(runspace, new Holder(null));
                }
                if (OwnsDefault(runspace) && ReferenceEquals(was, _default)) _default = null;
                return was;
            }
        }

        private static bool OwnsDefault(Runspace? runspace)
        {
            if (_default is null || _defaultOwner is null) return true;
            if (!_defaultOwner.TryGetTarget(out var owner)) return true;
            return ReferenceEquals(owner, runspace);
        }

        private sealed class Holder
        {
            public Holder(StudioConnection? connection) => Connection = connection;
            public StudioConnection? Connection { get; }
        }
    }
}
