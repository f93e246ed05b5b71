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
        places.Release();
        await largeTurn.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(smallTurn.IsCompleted, "the small account waits: the large one has more to do");
        places.Release();
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
        total.Release();
        await next.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
