using StudioCmdlets.Engine;

namespace StudioCmdlets.Tests;

/// <summary>Each rule of the one retry policy (RetryPolicy.Decide), as a pure function: no transport, no clock.</summary>
public sealed class RetryPolicyTests
{
    private static readonly TimeSpan Now = TimeSpan.FromSeconds(1);

    private static RetryDecision Decide(AttemptEnd end, int status = 0, bool idempotent = true, int others = 0, int max = 3, TimeSpan? quiet = null, bool refusing = false)
        => RetryPolicy.Decide(end, status, idempotent, others, max, quiet ?? Now, refusing);

    [Fact]
    public void A_429_is_retried_while_Twilio_answers_others_and_does_not_count_against_the_retries()
    {
        var d = Decide(AttemptEnd.Answered, 429, idempotent: false, others: 3);
        Assert.True(d.Retry);
        Assert.True(d.Throttled);
        Assert.False(Decide(AttemptEnd.Answered, 429, quiet: RetryPolicy.ThrottleDeadline).Retry);
        Assert.True(Decide(AttemptEnd.Answered, 429, quiet: RetryPolicy.ThrottleDeadline - TimeSpan.FromSeconds(1)).Retry);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public void A_5xx_is_retried_only_when_repeating_is_safe_and_within_the_count(int status)
    {
        Assert.True(Decide(AttemptEnd.Answered, status).Retry);
        Assert.False(Decide(AttemptEnd.Answered, status).Throttled);
        Assert.False(Decide(AttemptEnd.Answered, status, idempotent: false).Retry);
        Assert.True(Decide(AttemptEnd.Answered, status, others: 2, max: 3).Retry);
        Assert.False(Decide(AttemptEnd.Answered, status, others: 3, max: 3).Retry);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(501)]
    public void Any_other_answer_is_final(int status) => Assert.False(Decide(AttemptEnd.Answered, status).Retry);

    [Fact]
    public void A_refused_connection_is_retried_even_for_a_create_until_connections_are_refused_in_a_row()
    {
        Assert.True(Decide(AttemptEnd.Refused, idempotent: false).Retry);
        Assert.False(Decide(AttemptEnd.Refused, others: 3).Retry);
        var dead = Decide(AttemptEnd.Refused, refusing: true);
        Assert.False(dead.Retry);
        Assert.Contains("nobody is listening", dead.Why);
    }

    [Fact]
    public void A_dropped_connection_is_retried_only_when_repeating_is_safe()
    {
        Assert.True(Decide(AttemptEnd.Dropped).Retry);
        Assert.False(Decide(AttemptEnd.Dropped, idempotent: false).Retry);
        Assert.False(Decide(AttemptEnd.Dropped, refusing: true).Retry);
    }

    [Fact]
    public void A_timeout_is_never_retried_and_nothing_is_with_retries_off()
    {
        Assert.False(Decide(AttemptEnd.TimedOut).Retry);
        Assert.False(Decide(AttemptEnd.Answered, 429, max: 0).Retry);
        Assert.False(Decide(AttemptEnd.Refused, max: 0).Retry);
    }

    [Fact]
    public void Exceptions_map_to_how_the_attempt_ended()
    {
        Assert.Equal(AttemptEnd.Refused, RetryPolicy.EndOf(new System.Net.Http.HttpRequestException("x", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused))));
        Assert.Equal(AttemptEnd.Dropped, RetryPolicy.EndOf(new System.IO.IOException("reset")));
        Assert.Equal(AttemptEnd.TimedOut, RetryPolicy.EndOf(new TimeoutException()));
        Assert.Null(RetryPolicy.EndOf(new InvalidOperationException()));
    }

    [Fact]
    public void Retry_After_wins_and_a_429_waits_about_the_base_delay_not_an_exponential_one()
    {
        var baseDelay = TimeSpan.FromMilliseconds(250);
        Assert.Equal(TimeSpan.FromSeconds(3), RetryPolicy.Delay(429, TimeSpan.FromSeconds(3), baseDelay, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(2), RetryPolicy.Delay(503, TimeSpan.FromSeconds(2), baseDelay, 0.5));
        Assert.InRange(RetryPolicy.Delay(429, null, baseDelay, 0)!.Value, TimeSpan.FromMilliseconds(125), TimeSpan.FromMilliseconds(375));
        Assert.InRange(RetryPolicy.Delay(429, null, baseDelay, 1)!.Value, TimeSpan.FromMilliseconds(125), TimeSpan.FromMilliseconds(375));
        Assert.Null(RetryPolicy.Delay(503, null, baseDelay, 0.5)); // the back-off's own exponential wait
        Assert.Null(RetryPolicy.Delay(0, null, baseDelay, 0.5));
    }
}
