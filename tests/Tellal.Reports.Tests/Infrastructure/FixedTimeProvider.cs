namespace Tellal.Reports.Tests.Infrastructure;

/// <summary>A clock stopped at noon (UTC) of one day, so "yesterday" and "last month" are known in advance.</summary>
public sealed class FixedTimeProvider(DateOnly today) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => new(today.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
}
