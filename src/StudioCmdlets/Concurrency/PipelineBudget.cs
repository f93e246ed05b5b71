using System.Collections.Concurrent;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace StudioCmdlets.Concurrency
{
    /// <summary>
    /// What the Studio commands of one pipeline share: one -ThrottleLimit for the whole line (the largest any of them was
    /// given: every request of every command holds one of its places while on the wire), and, per account, one
    /// <see cref="AdaptiveLimit"/>, so what one command learned of an account's concurrency cap the next command of the
    /// line starts from instead of learning it again from 429s. The commands running at once in one runspace are one
    /// pipeline (a runspace runs one at a time; a nested one is part of the line it runs in). The budget lives while any
    /// of its commands does: the next pipeline starts afresh. Thread-safe.
    /// </summary>
    internal sealed class PipelineBudget
    {
        private static readonly ConditionalWeakTable<Runspace, PipelineBudget> Open = new ConditionalWeakTable<Runspace, PipelineBudget>();
        private static readonly object OpenLock = new object();

        private readonly object _lock = new object();
        private readonly SemaphoreSlim _total;
        private readonly ConcurrentDictionary<string, Account> _accounts = new ConcurrentDictionary<string, Account>(StringComparer.Ordinal);
        private int _size;
        private int _members;

        private PipelineBudget(int size)
        {
            _size = Math.Max(1, size);
            _total = new SemaphoreSlim(_size);
        }

        /// <summary>The places every request of the line holds one of while on the wire.</summary>
        public SemaphoreSlim Total => _total;

        /// <summary>The line's -ThrottleLimit: the largest its commands were given so far.</summary>
        public int Size => Volatile.Read(ref _size);

        /// <summary>
        /// The budget of the pipeline running in <paramref name="runspace"/>, joined with a command's -ThrottleLimit (the
        /// line's grows to the largest); a budget of its own where there is no runspace. <see cref="Leave"/> once done.
        /// </summary>
        public static PipelineBudget Join(Runspace? runspace, int throttle)
        {
            if (runspace is null) return new PipelineBudget(throttle) { _members = 1 };
            lock (OpenLock)
            {
                if (!Open.TryGetValue(runspace, out var budget))
                {
                    budget = new PipelineBudget(throttle);
                    Open.Add(runspace, budget);
                }
                budget._members++;
                budget.Grow(throttle);
                return budget;
            }
        }

        /// <summary>A command of the line is done; the last one closes the budget, and the next pipeline gets a new one.</summary>
        public void Leave(Runspace? runspace)
        {
            lock (OpenLock)
            {
                if (--_members > 0 || runspace is null) return;
                if (Open.TryGetValue(runspace, out var open) && ReferenceEquals(open, this)) Open.Remove(runspace);
            }
        }

        private void Grow(int throttle)
        {
            lock (_lock)
            {
                if (throttle <= _size) return;
                _total.Release(throttle - _size);
                Volatile.Write(ref _size, throttle);
            }
        }

        /// <summary>
        /// The adaptive limit of an account (by endpoint and SID), made on first use at most <paramref name="max"/> at once:
        /// a subaccount begins where the line's other subaccounts settled (accounts of one parent usually share Twilio's
        /// cap), anything else with slow start. A later command allowed more raises its most allowed.
        /// </summary>
        public AdaptiveLimit LimitOf(string key, int max, bool subaccount)
        {
            var account = _accounts.GetOrAdd(key, _ => new Account(new AdaptiveLimit(max, subaccount ? SiblingsSettledAt() : null, subaccount ? TellSiblings : null), subaccount));
            account.Limit.AllowUpTo(max);
            return account.Limit;
        }

        /// <summary>The median limit of the subaccounts that settled (a whole window of successes); null before any did.</summary>
        // A subaccount met its cap: the others still feeling for theirs stop below it (AdaptiveLimit.Hint).
        private void TellSiblings(AdaptiveLimit found, int ceiling)
        {
            foreach (var a in _accounts.Values)
                if (a.Subaccount && !ReferenceEquals(a.Limit, found)) a.Limit.Hint(ceiling);
        }

        private int? SiblingsSettledAt()
        {
            var settled = _accounts.Values.Where(a => a.Subaccount && a.Limit.Settled).Select(a => a.Limit.Current).OrderBy(c => c).ToList();
            return settled.Count == 0 ? (int?)null : settled[settled.Count / 2];
        }

        private sealed class Account
        {
            public Account(AdaptiveLimit limit, bool subaccount)
            {
                Limit = limit;
                Subaccount = subaccount;
            }

            public AdaptiveLimit Limit { get; }
            public bool Subaccount { get; }
        }
    }
}
