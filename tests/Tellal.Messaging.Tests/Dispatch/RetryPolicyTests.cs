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
}
