using Tellal.Messaging.Dispatch;

namespace Tellal.Messaging.Tests.Dispatch;

public sealed class RetryPolicyTests
{
    private static readonly RetryOptions Retry = new()
    {
        InitialDelay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(10),
        Jitter = 0.2,
    };

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(5, 10)]
    [InlineData(20, 10)]
    public void Delays_double_per_attempt_up_to_the_cap(int failedAttempt, double expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), RetryPolicy.Delay(Retry, failedAttempt, random: 0.5));

    [Fact]
    public void Jitter_spreads_a_delay_by_at_most_the_configured_fraction()
    {
        Assert.Equal(TimeSpan.FromSeconds(3.2), RetryPolicy.Delay(Retry, 3, random: 0));
        Assert.Equal(TimeSpan.FromSeconds(4.8), RetryPolicy.Delay(Retry, 3, random: 1));
    }

    [Fact]
    public void A_message_type_can_have_its_own_schedule()
    {
        var special = new RetryOptions { MaxAttempts = 9 };
        var policy = new RetryPolicy(new MessagingOptions { RetryByType = { ["tellal.special.v1"] = special } });
        Assert.Same(special, policy.For("tellal.special.v1"));
        Assert.Equal(5, policy.For("tellal.other.v1").MaxAttempts);
    }

    [Fact]
    public void The_first_retry_waits_the_initial_delay() =>
        Assert.Equal(TimeSpan.FromMilliseconds(250), RetryPolicy.Delay(new RetryOptions { InitialDelay = TimeSpan.FromMilliseconds(250), Jitter = 0 }, 1, random: 0.9));

    [Fact]
    public void Every_delay_stays_within_the_jitter_bounds_around_its_exponential_value()
    {
        var random = new Random(12);
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var nominal = Math.Min(1000 * Math.Pow(2, attempt - 1), 10_000);
            for (var i = 0; i < 50; i++)
            {
                var delay = RetryPolicy.Delay(Retry, attempt, random.NextDouble()).TotalMilliseconds;
                Assert.InRange(delay, nominal * 0.8, nominal * 1.2);
            }
        }
    }

    [Fact]
    public void Without_jitter_every_delay_is_exact() =>
        Assert.Equal(TimeSpan.FromSeconds(4), RetryPolicy.Delay(Retry with { Jitter = 0 }, 3, random: 0.99));

    [Fact]
    public void The_cap_holds_for_attempts_far_beyond_any_sensible_maximum()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), RetryPolicy.Delay(Retry, 100, random: 0.5));
        Assert.Equal(TimeSpan.FromSeconds(10), RetryPolicy.Delay(Retry, int.MaxValue, random: 0.5));
    }

    [Fact]
    public void An_initial_delay_above_the_cap_is_capped() =>
        Assert.Equal(TimeSpan.FromSeconds(10), RetryPolicy.Delay(Retry with { InitialDelay = TimeSpan.FromMinutes(1) }, 1, random: 0.5));

    [Fact]
    public void The_default_schedule_is_five_attempts_from_one_second_doubling_up_to_five_minutes()
    {
        var defaults = new RetryPolicy(new MessagingOptions()).For("tellal.any.v1");
        Assert.Equal(5, defaults.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), defaults.InitialDelay);
        Assert.Equal(TimeSpan.FromMinutes(5), defaults.MaxDelay);
        Assert.Equal(0.2, defaults.Jitter);
    }

    [Fact]
    public void Per_type_schedules_are_matched_by_the_exact_type_name()
    {
        var policy = new RetryPolicy(new MessagingOptions { RetryByType = { ["tellal.special.v1"] = new RetryOptions { MaxAttempts = 2 } } });
        Assert.Equal(2, policy.For("tellal.special.v1").MaxAttempts);
        Assert.Equal(5, policy.For("tellal.special.v2").MaxAttempts);
    }
}
