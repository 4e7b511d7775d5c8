namespace Tellal.Messaging.Tests.Infrastructure;

/// <summary>A clock that stands still until a test moves it (timers still run on real time).</summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public DateTimeOffset Now => _now;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
