namespace StudioEmulator;

/// <summary>
/// The emulator's whole state behind one lock. Executions of a flow are kept sorted by
/// (date_created, sid) so a page is a binary search plus a short walk, even at 100,000 executions.
/// </summary>
internal sealed class Store
{
    private readonly object _gate = new();
    private readonly List<Flow> _flows = new();
    private readonly Dictionary<string, List<Execution>> _byFlow = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Execution> _executions = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Flow, string To, string From), Execution> _activeByContact = new();
    private readonly List<Execution> _walking = new();
    private static readonly Comparer<(DateTimeOffset, string)> KeyOrder = Comparer<(DateTimeOffset Created, string Sid)>.Create(
        (a, b) => a.Created != b.Created ? a.Created.CompareTo(b.Created) : string.CompareOrdinal(a.Sid, b.Sid));

    public string AccountSid { get; }
    public TimeProvider Clock { get; }

    public Store(string accountSid, TimeProvider clock)
    {
        AccountSid = accountSid;
        Clock = clock;
    }

    public DateTimeOffset Now => TruncateToSeconds(Clock.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks)));

    private long _offsetTicks;

    /// <summary>Moves the emulator's clock forward (tests of Studio's 30-day limits).</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public static DateTimeOffset TruncateToSeconds(DateTimeOffset t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    // ---- flows ----
    public void AddFlow(Flow flow)
    {
        lock (_gate)
        {
            _flows.Add(flow);
            _flows.Sort((a, b) => KeyOrder.Compare((a.DateCreated, a.Sid), (b.DateCreated, b.Sid)));
            _byFlow[flow.Sid] = new List<Execution>();
        }
    }

    public Flow? GetFlow(string sid)
    {
        lock (_gate) return _flows.Find(f => f.Sid == sid);
    }

    public (List<Flow> Items, string? Next) ListFlows(int pageSize, string? afterSid)
    {
        lock (_gate)
        {
            var start = afterSid is null ? 0 : _flows.FindIndex(f => string.CompareOrdinal(f.Sid, afterSid) == 0) + 1;
            if (afterSid is not null && start == 0) start = _flows.Count; // a token for a deleted flow ends the listing
            var items = _flows.Skip(start).Take(pageSize).ToList();
            var next = start + items.Count < _flows.Count && items.Count > 0 ? items[^1].Sid : null;
            return (items, next);
        }
    }

    public bool DeleteFlow(string sid)
    {
        lock (_gate)
        {
            var idx = _flows.FindIndex(f => f.Sid == sid);
            if (idx < 0) return false;
            _flows.RemoveAt(idx);
            foreach (var e in _byFlow[sid]) _executions.Remove(e.Sid);
            _byFlow.Remove(sid);
            foreach (var key in _activeByContact.Keys.Where(k => k.Flow == sid).ToList()) _activeByContact.Remove(key);
            return true;
        }
    }

    public void UpdateFlow(string sid, Action<Flow> change)
    {
        lock (_gate)
        {
            var f = _flows.Find(x => x.Sid == sid) ?? throw new KeyNotFoundException(sid);
            change(f);
        }
    }

    // ---- executions ----
    /// <summary>Adds an execution, or returns the active one that blocks its contact (Studio's one-active-per-contact rule).</summary>
    public Execution? TryAddExecution(Execution e)
    {
        lock (_gate)
        {
            Walk();
            if (e.Status == ExecutionStatus.Active)
            {
                if (_activeByContact.TryGetValue(e.ContactKey, out var blocking) && Retained(blocking)) return blocking;
                _activeByContact[e.ContactKey] = e;
                if (e.Walks) _walking.Add(e);
            }
            var list = _byFlow[e.FlowSid];
            var at = list.Count == 0 || KeyOrder.Compare(list[^1].Key, e.Key) < 0 ? list.Count : LowerBound(list, e.Key);
            list.Insert(at, e);
            _executions[e.Sid] = e;
            return null;
        }
    }

    /// <summary>Loads a generated scenario at once (sorting once beats inserting 100,000 times).</summary>
    public void BulkLoad(IEnumerable<Execution> executions)
    {
        lock (_gate)
        {
            foreach (var e in executions)
            {
                _byFlow[e.FlowSid].Add(e);
                _executions[e.Sid] = e;
                if (e.Status == ExecutionStatus.Active) _activeByContact[e.ContactKey] = e;
            }
            foreach (var list in _byFlow.Values) list.Sort((a, b) => KeyOrder.Compare(a.Key, b.Key));
        }
    }

    public Execution? GetExecution(string flowSid, string sid)
    {
        lock (_gate)
        {
            Walk();
            return _executions.TryGetValue(sid, out var e) && e.FlowSid == flowSid && Retained(e) ? e : null;
        }
    }

    /// <summary>
    /// Executions started through the API move along their own revision as the clock passes (<see cref="SilentWalk"/>):
    /// every read sees where a silent contact's execution is by now, and one that ended no longer blocks its contact.
    /// </summary>
    private void Walk()
    {
        if (_walking.Count == 0) return;
        var now = Now;
        for (var i = _walking.Count - 1; i >= 0; i--)
        {
            var e = _walking[i];
            var flow = _flows.Find(f => f.Sid == e.FlowSid);
            JsonObject? definition = null;
            if (flow is not null) lock (flow.Revisions) definition = flow.Revisions.GetValueOrDefault(e.FlowVersion);
            if (e.Status == ExecutionStatus.Active && definition is not null && !SilentWalk.Advance(e, definition, now)) continue;
            _walking.RemoveAt(i);
            if (_activeByContact.TryGetValue(e.ContactKey, out var a) && a == e) _activeByContact.Remove(e.ContactKey);
        }
    }

    /// <summary>
    /// Studio keeps an execution's data for 30 days from its start, and ends an active execution after 30
    /// days: past that an execution is gone (404, never listed) and no longer blocks its contact.
    /// </summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    private bool Retained(Execution e) => e.DateCreated >= Now - Retention;

    /// <summary>What ending an execution did.</summary>
    public enum EndResult { Ended, NotFound, AlreadyEnded }

    /// <summary>Ends an active execution; one already ended is refused (Studio answers 409), as is an unknown one (404).</summary>
    public EndResult EndExecution(string flowSid, string sid, out Execution? execution)
    {
        lock (_gate)
        {
            execution = GetExecution(flowSid, sid);
            if (execution is null) return EndResult.NotFound;
            if (execution.Status != ExecutionStatus.Active) return EndResult.AlreadyEnded;
            execution.Status = ExecutionStatus.Ended;
            execution.DateUpdated = Now;
            _activeByContact.Remove(execution.ContactKey);
            return EndResult.Ended;
        }
    }

    public bool DeleteExecution(string flowSid, string sid)
    {
        lock (_gate)
        {
            var e = GetExecution(flowSid, sid);
            if (e is null) return false;
            _executions.Remove(sid);
            var list = _byFlow[flowSid];
            list.RemoveAt(LowerBound(list, e.Key));
            if (_activeByContact.TryGetValue(e.ContactKey, out var a) && a == e)
                _activeByContact.Remove(e.ContactKey);
            return true;
        }
    }

    /// <summary>
    /// One page of a flow's executions, newest first. A page token carries the key of the execution the
    /// page continues from: older than it (<paramref name="backward"/> false), or newer for a previous page.
    /// Pages stay stable while executions are added or ended in between.
    /// </summary>
    public (List<Execution> Items, bool MoreOlder, bool MoreNewer) ListExecutions(
        string flowSid, ExecutionStatus? status, DateTimeOffset? from, DateTimeOffset? to, int pageSize, (DateTimeOffset, string)? anchor, bool backward)
    {
        lock (_gate)
        {
            Walk();
            var list = _byFlow[flowSid];
            var floor = Now - Retention;
            var lo = LowerBound(list, (from is null || from.Value < floor ? floor : from.Value, ""));
            var hi = to is null ? list.Count : LowerBound(list, (to.Value, ""));
            bool Match(int i) => status is null || list[i].Status == status;
            var items = new List<Execution>(Math.Min(pageSize, 1000));
            if (!backward)
            {
                var start = anchor is null ? hi - 1 : Math.Min(hi, LowerBound(list, anchor.Value)) - 1;
                var i = start;
                for (; i >= lo && items.Count < pageSize; i--) if (Match(i)) items.Add(list[i]);
                var older = false;
                for (; i >= lo && !older; i--) older = Match(i);
                var newer = false;
                for (var j = start + 1; j < hi && !newer; j++) newer = Match(j);
                return (items, older, newer);
            }
            else
            {
                var start = Math.Max(lo, UpperBound(list, anchor!.Value));
                var i = start;
                for (; i < hi && items.Count < pageSize; i++) if (Match(i)) items.Add(list[i]);
                var newer = false;
                for (; i < hi && !newer; i++) newer = Match(i);
                var older = false;
                for (var j = start - 1; j >= lo && !older; j--) older = Match(j);
                items.Reverse();
                return (items, older, newer);
            }
        }
    }

    public Dictionary<string, object> Stats()
    {
        lock (_gate)
        {
            Walk();
            var retained = _executions.Values.Count(Retained);
            var active = _activeByContact.Values.Count(Retained);
            return new Dictionary<string, object>
            {
                ["flows"] = _flows.Count,
                ["executions"] = retained,
                ["active"] = active,
                ["ended"] = retained - active,
            };
        }
    }

    /// <summary>The active executions (SID, flow, contact, created), for tests that check the emulator's state.</summary>
    public List<Execution> ActiveExecutions()
    {
        lock (_gate)
        {
            Walk();
            return _activeByContact.Values.Where(Retained).OrderBy(e => e.DateCreated).ToList();
        }
    }

    private static int UpperBound(List<Execution> list, (DateTimeOffset, string) key)
    {
        int lo = 0, hi = list.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (KeyOrder.Compare(list[mid].Key, key) <= 0) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static int LowerBound(List<Execution> list, (DateTimeOffset, string) key)
    {
        int lo = 0, hi = list.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (KeyOrder.Compare(list[mid].Key, key) < 0) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    public static JsonObject ParseObject(string json) => (JsonObject)JsonNode.Parse(json)!;
}
