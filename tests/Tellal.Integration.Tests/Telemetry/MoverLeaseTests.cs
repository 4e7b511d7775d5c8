using Microsoft.Extensions.DependencyInjection;
using Tellal.Platform.Storage;
using Tellal.Telemetry.Pipeline;

namespace Tellal.Integration.Tests.Telemetry;

/// <summary>
/// One mover at a time: while a holder renews its lease a standby moves nothing; once the lease has run out without
/// renewal (the holder died) the standby takes over, and the old holder, should it come back, stands by in turn.
/// </summary>
public sealed class MoverLeaseTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);

    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_standby_takes_over_only_after_the_lease_runs_out(DatabaseProvider provider)
    {
        await using var node = await TelemetryApp.StartAsync(provider);
        // Far beyond the node's own mover's lease (real time), so the node's mover is out of the way from here on.
        var t0 = new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.NotNull(await MoveAsync(node, "active", t0));
        Assert.Null(await MoveAsync(node, "standby", t0 + TimeSpan.FromSeconds(1)));
        Assert.NotNull(await MoveAsync(node, "active", t0 + TimeSpan.FromSeconds(9)));
        Assert.Null(await MoveAsync(node, "standby", t0 + TimeSpan.FromSeconds(18)));
        Assert.NotNull(await MoveAsync(node, "standby", t0 + TimeSpan.FromSeconds(20)));
        Assert.Null(await MoveAsync(node, "active", t0 + TimeSpan.FromSeconds(21)));
    }

    private static async Task<int?> MoveAsync(TelemetryApp node, string holder, DateTimeOffset now)
    {
        await using var scope = node.App.Services.CreateAsyncScope();
        return await EventMove.RunAsync(scope.ServiceProvider.GetRequiredService<TellalDbContext>(), holder, now, Lease, connections: 2, CancellationToken.None);
    }
}
