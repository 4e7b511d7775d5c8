namespace Tellal.Messaging.Dispatch;

/// <summary>The pause of a background loop after its n-th failure in a row: 200 ms doubling up to 10 s.</summary>
public static class Backoff
{
    public static TimeSpan Delay(int failures) => TimeSpan.FromMilliseconds(Math.Min(10_000, 100 * Math.Pow(2, Math.Min(failures, 10))));

    public static Task DelayAsync(int failures, TimeProvider time, CancellationToken cancellationToken) =>
        Task.Delay(Delay(failures), time, cancellationToken);
}
