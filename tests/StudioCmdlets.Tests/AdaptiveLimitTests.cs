using StudioCmdlets.Concurrency;

namespace StudioCmdlets.Tests;

/// <summary>
/// The concurrency controller on its own, driven against a simulated account: a cap on requests in flight, 429s that
/// cost a round trip like successes, answers that come back in a shuffled order, and a client that always has more to send.
/// </summary>
public sealed class AdaptiveLimitTests
{
    /// <summary>One simulated run: the limit's value after each tick, and the answers it got.</summary>
    private sealed record Run(List<int> Limits, int Requests, int Throttled);

    private static Run Simulate(AdaptiveLimit limit, Func<int, int> capAt, int ticks, bool countHeader = true, int seed = 1)
    {
        var random = new Random(seed);
        // Each request in flight: when it is answered, whether the account took it, its generation, and the count in flight it was refused at.
        var inFlight = new List<(int Due, bool Accepted, int Generation, int Count)>();
        var limits = new List<int>();
        int requests = 0, throttled = 0;
        for (var tick = 0; tick < ticks; tick++)
        {
            var due = inFlight.Where(r => r.Due == tick).OrderBy(_ => random.Next()).ToList();
            inFlight.RemoveAll(r => r.Due == tick);
            foreach (var answer in due)
            {
                if (answer.Accepted) limit.OnSuccess(answer.Generation);
                else limit.OnThrottled(answer.Generation, countHeader ? answer.Count : 0);
            }
            while (inFlight.Count < limit.Current)
            {
                var accepted = inFlight.Count(r => r.Accepted);
                var ok = accepted < capAt(tick);
                requests++;
                if (!ok) throttled++;
                inFlight.Add((tick + random.Next(1, 4), ok, limit.Generation, accepted + 1));
            }
            limits.Add(limit.Current);
        }
        return new Run(limits, requests, throttled);
    }

    [Theory]
    [InlineData(16, 64)]
    [InlineData(4, 64)]
    [InlineData(20, 64)]
    [InlineData(1, 10)]
    [InlineData(32, 32)]
    public void Settles_within_one_of_the_cap_and_stays_there(int cap, int throttleLimit)
    {
        for (var seed = 1; seed <= 8; seed++)
        {
            var run = Simulate(new AdaptiveLimit(throttleLimit), _ => cap, 600, seed: seed);
            var late = run.Limits.Skip(100).ToList();
            Assert.True(late.All(l => Math.Abs(l - cap) <= 1), $"seed {seed}: limit left cap {cap} ± 1: {string.Join(",", late.Distinct())}");
            Assert.True(run.Throttled < 0.05 * run.Requests, $"seed {seed}: {run.Throttled} 429s in {run.Requests} requests");
        }
    }

    [Fact]
    public void Finds_a_cap_that_drops_and_one_that_rises()
    {
        var run = Simulate(new AdaptiveLimit(64), tick => tick < 300 ? 24 : tick < 600 ? 8 : 16, 1200);
        Assert.True(run.Limits.Skip(200).Take(100).All(l => Math.Abs(l - 24) <= 1), "before the drop");
        Assert.True(run.Limits.Skip(400).Take(200).All(l => Math.Abs(l - 8) <= 1), $"after the drop: {string.Join(",", run.Limits.Skip(400).Take(200).Distinct())}");
        Assert.True(run.Limits.Skip(1000).All(l => Math.Abs(l - 16) <= 1), $"after the rise: {string.Join(",", run.Limits.Skip(1000).Distinct())}");
    }

    [Fact]
    public void A_burst_of_429s_from_one_generation_lowers_the_limit_once()
    {
        var limit = new AdaptiveLimit(64, start: 64);
        var sentUnder = limit.Generation;
        // 48 of 64 requests refused, all sent before the limit moved: one lowering, to below the count Twilio reported.
        for (var i = 0; i < 48; i++) limit.OnThrottled(sentUnder, 17);
        Assert.Equal(16, limit.Current);
        Assert.Equal(48, limit.Throttled);
        // A 429 of a request sent after the lowering is new evidence.
        limit.OnThrottled(limit.Generation, 17);
        Assert.True(limit.Current < 16, $"not lowered again: {limit.Current}");
    }

    [Fact]
    public void A_stray_429_without_a_count_among_successes_keeps_the_concurrency()
    {
        var limit = new AdaptiveLimit(32, start: 32);
        for (var i = 0; i < 200; i++)
        {
            if (i % 20 == 0) limit.OnThrottled(limit.Generation, 0); else limit.OnSuccess(limit.Generation);
        }
        Assert.Equal(32, limit.Current);
        Assert.Equal(10, limit.Throttled);
    }

    [Fact]
    public void Dense_429s_without_a_count_show_a_cap_and_halve_the_concurrency_once_per_generation()
    {
        var limit = new AdaptiveLimit(32, start: 32);
        var sentUnder = limit.Generation;
        for (var i = 0; i < 12; i++)
        {
            if (i % 2 == 0) limit.OnThrottled(sentUnder, 0); else limit.OnSuccess(sentUnder);
        }
        Assert.Equal(16, limit.Current);
    }

    [Fact]
    public void Without_the_count_a_cap_still_holds_the_limit_near_it()
    {
        var run = Simulate(new AdaptiveLimit(64), _ => 16, 600, countHeader: false);
        var late = run.Limits.Skip(100).ToList();
        // Without Twilio's count a 429 at one over the cap looks like a passing fault: the limit finds the cap from
        // dense 429s only, so it saws between half the cap and a little over it, but never collapses to 1.
        Assert.True(late.All(l => l >= 8 && l <= 21), $"limit strayed: {string.Join(",", late.Distinct())}");
    }

    [Fact]
    public void Grows_by_doubling_until_the_first_cap_then_by_one_per_window()
    {
        var limit = new AdaptiveLimit(64);
        Assert.Equal(AdaptiveLimit.InitialWindow, limit.Current);
        Succeed(limit, AdaptiveLimit.MinimumWindow);
        Assert.Equal(8, limit.Current);
        Succeed(limit, 8);
        Assert.Equal(16, limit.Current);
        // Refused at 16 with 11 in flight: the cap is 10, and 11 is tried again only after a few windows at 10.
        limit.OnThrottled(limit.Generation, 11);
        Assert.Equal(10, limit.Current);
        for (var w = 1; w < AdaptiveLimit.ProbeWindows; w++) Succeed(limit, 10);
        Assert.Equal(10, limit.Current);
        Succeed(limit, 10);
        Assert.Equal(11, limit.Current);
        // A window at 11 without a 429: the cap rose, and growth goes on by one per window.
        Succeed(limit, 11);
        Assert.Equal(12, limit.Current);
        Succeed(limit, 12);
        Assert.Equal(13, limit.Current);
    }

    private static void Succeed(AdaptiveLimit limit, int times)
    {
        var generation = limit.Generation;
        for (var i = 0; i < times; i++) limit.OnSuccess(generation);
    }

    [Fact]
    public void A_later_command_may_raise_the_most_allowed_but_never_lower_it()
    {
        var limit = new AdaptiveLimit(4, start: 4);
        limit.AllowUpTo(2);
        Assert.Equal(4, limit.Maximum);
        limit.AllowUpTo(16);
        Succeed(limit, AdaptiveLimit.MinimumWindow);
        Assert.Equal(5, limit.Current);
    }

    [Fact]
    public void A_subaccount_still_in_slow_start_stops_below_the_cap_a_sibling_met()
    {
        var found = new List<int>();
        var first = new AdaptiveLimit(64, capFound: (_, ceiling) => found.Add(ceiling));
        var sibling = new AdaptiveLimit(64);
        Succeed(first, AdaptiveLimit.MinimumWindow); // 8 in flight, and Twilio counts 5: the cap is 4
        first.OnThrottled(first.Generation, 5);
        Assert.Equal(new[] { 5 }, found);
        first.OnThrottled(first.Generation - 1, 6); // spent evidence: no second report
        Assert.Single(found);
        sibling.Hint(5);
        // It does not double to 8 (four wasted requests): it stays at 4, and tries 5 only after a few windows.
        for (var w = 1; w < AdaptiveLimit.ProbeWindows; w++) Succeed(sibling, AdaptiveLimit.MinimumWindow);
        Assert.Equal(4, sibling.Current);
        Succeed(sibling, AdaptiveLimit.MinimumWindow);
        Assert.Equal(5, sibling.Current);
        // One that found its own cap keeps it: a hint is for those still feeling for theirs.
        first.Hint(3);
        Assert.Equal(4, first.Current);
    }
}
