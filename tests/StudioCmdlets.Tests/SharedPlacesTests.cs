using StudioCmdlets.Contract;
using StudioCmdlets.Engine;

namespace StudioCmdlets.Tests;

/// <summary>The pipeline's places go first to the account with the most work waiting, so no account is left to finish alone.</summary>
public sealed class SharedPlacesTests
{
    private sealed class Fixed : IRequestLimit
    {
        public Fixed(int current) => Current = current;
        public int Current { get; }
        public int Generation => 0;
        public object Shared => this;
        public void OnThrottled(int generation, int concurrentRequests) { }
        public void OnSuccess(int generation) { }
    }

    [Fact]
    public async Task A_freed_place_goes_to_the_account_with_the_longest_queue()
    {
        var total = new SemaphoreSlim(1);
        var places = SharedPlaces.For(total);
        Assert.Same(places, SharedPlaces.For(total));
        var small = AdaptiveGate.For(new Fixed(8));
        var large = AdaptiveGate.For(new Fixed(8));
        await places.WaitAsync(small, CancellationToken.None); // the one place, held
        // The small account has one request waiting for a shared place, the large one has five in its gate.
        await small.EnterAsync(CancellationToken.None);
        var smallTurn = places.WaitAsync(small, CancellationToken.None);
        for (var i = 0; i < 5; i++) await large.EnterAsync(CancellationToken.None);
        var largeTurn = places.WaitAsync(large, CancellationToken.None);
        Assert.False(smallTurn.IsCompleted);
        places.Release(small);
        await largeTurn.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(smallTurn.IsCompleted, "the small account waits: the large one has more to do");
        places.Release(large);
        await smallTurn.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_cancelled_waiter_gives_its_turn_away()
    {
        var total = new SemaphoreSlim(0);
        var places = SharedPlaces.For(total);
        using var cancel = new CancellationTokenSource();
        var gone = places.WaitAsync(null, cancel.Token);
        var next = places.WaitAsync(null, CancellationToken.None);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gone);
        places.Release(null);
        await next.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_place_freed_after_every_waiter_cancelled_is_free_for_the_next_at_once()
    {
        var total = new SemaphoreSlim(1);
        var places = SharedPlaces.For(total);
        await places.WaitAsync(null, CancellationToken.None); // the one place, held
        using var cancel = new CancellationTokenSource();
        var gone = places.WaitAsync(null, cancel.Token);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gone);
        places.Release(null);
        Assert.Equal(1, total.CurrentCount);
        var next = places.WaitAsync(null, CancellationToken.None);
        Assert.True(next.IsCompleted, "the freed place is taken at once, not left to a waiter that is gone");
        Assert.Equal(0, total.CurrentCount);
    }

    [Fact]
    public async Task Places_handed_on_under_load_never_exceed_the_total_and_all_are_served()
    {
        var total = new SemaphoreSlim(8);
        var places = SharedPlaces.For(total);
        var gates = Enumerable.Range(0, 5).Select(_ => AdaptiveGate.For(new Fixed(100))).ToArray();
        var inside = 0;
        var most = 0;
        var tasks = Enumerable.Range(0, 2000).Select(async i =>
        {
            await places.WaitAsync(gates[i % gates.Length], CancellationToken.None);
            var now = Interlocked.Increment(ref inside);
            int seen;
            while ((seen = Volatile.Read(ref most)) < now && Interlocked.CompareExchange(ref most, now, seen) != seen) { }
            await Task.Yield();
            Interlocked.Decrement(ref inside);
            places.Release(gates[i % gates.Length]);
        }).ToArray();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.InRange(most, 1, 8);
        Assert.Equal(8, total.CurrentCount);
    }

    [Fact]
    public async Task A_freed_place_goes_first_to_an_account_with_fewer_requests_on_the_wire_however_short_its_queue()
    {
        var total = new SemaphoreSlim(3);
        var places = SharedPlaces.For(total);
        var busy = AdaptiveGate.For(new Fixed(100));
        var fresh = AdaptiveGate.For(new Fixed(100));
        // The busy account holds all three places and has ten more requests waiting; the fresh one has its first.
        for (var i = 0; i < 13; i++) await busy.EnterAsync(CancellationToken.None);
        for (var i = 0; i < 3; i++) await places.WaitAsync(busy, CancellationToken.None);
        Assert.Equal(3, busy.OnWire);
        var busyTurns = Enumerable.Range(0, 10).Select(_ => places.WaitAsync(busy, CancellationToken.None)).ToList();
        await fresh.EnterAsync(CancellationToken.None);
        var freshTurn = places.WaitAsync(fresh, CancellationToken.None);
        places.Release(busy);
        await freshTurn.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, fresh.OnWire);
        Assert.Equal(2, busy.OnWire);
        Assert.All(busyTurns, t => Assert.False(t.IsCompleted));
        // With the fresh account's request on the wire, the next place goes back to the busy account's queue.
        places.Release(busy);
        await Task.WhenAny(busyTurns).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, busyTurns.Count(t => t.IsCompleted));
        Assert.Equal(2, busy.OnWire);
    }
}
