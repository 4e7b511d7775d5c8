namespace Tellal.Messaging.Dispatch;

/// <summary>Exponential backoff with jitter, per message type.</summary>
internal sealed class RetryPolicy(MessagingOptions options)
{
    public RetryOptions For(string messageType) =>
        options.RetryByType.TryGetValue(messageType, out var specific) ? specific : options.Retry;

    /// <summary>Delay before attempt <paramref name="failedAttempt"/> + 1.</summary>
    public static TimeSpan Delay(RetryOptions retry, int failedAttempt, double random)
    {
        var exponential = retry.InitialDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, failedAttempt - 1));
        var capped = Math.Min(exponential, retry.MaxDelay.TotalMilliseconds);
        var jittered = capped * (1 + (retry.Jitter * ((2 * random) - 1)));
        return TimeSpan.FromMilliseconds(Math.Max(0, jittered));
    }
}
