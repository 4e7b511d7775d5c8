using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Platform.Storage;
using Tellal.Platform.Storage.Retention;
using Tellal.Reports.Catalog;
using Tellal.Reports.Generation;
using Tellal.Reports.Progress;
using Tellal.Reports.Requests;
using Tellal.Reports.Tests.Infrastructure;

namespace Tellal.Reports.Tests.Progress;

/// <summary>
/// A run's progress goes to rpt_run_progress only (the report's row is left to the handler's unit of work), on both
/// providers: the owner sees the report Running with its stage and percent from the first interval on, a run that ends
/// within an interval writes nothing, an unchanged progress writes nothing, a cancel stops the run at the next interval,
/// and finished reports' rows are swept.
/// </summary>
public sealed class ReportRunProgressTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>PostgreSQL keeps microseconds, not ticks.</summary>
    private static readonly TimeSpan Stored = TimeSpan.FromMilliseconds(1);

    public static TheoryData<string> Providers => ["SQLite", "PostgreSQL"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_run_shows_the_report_running_with_its_progress_and_leaves_the_report_row_alone(string provider)
    {
        await using var database = await OpenAsync(provider);
        var report = await AddReportAsync(database, ReportStatus.Queued);
        await using var services = Services(database);

        await using (var progress = Start(services, report.Id))
        {
            var started = await EventuallyAsync(database, report.Id, _ => true);
            Assert.Equal((report.Version, "starting", 0), (started.ReportVersion, started.Stage, started.Percent));
            Assert.Equal(progress.StartedAt, started.StartedAt, Stored);

            progress.Report(ReportProgress.Query(40));
            var run = await EventuallyAsync(database, report.Id, p => p.Percent == 40);
            Assert.Equal(ReportProgress.Querying, run.Stage);

            var shown = ReportResponse.From(await ReportAsync(database, report.Id), run);
            Assert.Equal((ReportStatus.Running, 40, ReportProgress.Querying), (shown.Status, shown.Progress, shown.Stage));
            Assert.Equal(progress.StartedAt, shown.StartedAt!.Value, Stored);
        }

        var untouched = await ReportAsync(database, report.Id);
        Assert.Equal((ReportStatus.Queued, 0, null, null, report.Version), (untouched.Status, untouched.Progress, untouched.Stage, untouched.StartedAt, untouched.Version));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_run_that_ends_within_an_interval_writes_no_progress(string provider)
    {
        await using var database = await OpenAsync(provider);
        var report = await AddReportAsync(database, ReportStatus.Queued);
        await using var services = Services(database);

        await using (var progress = ProgressReporter.Start(Scopes(services), report.Id, TimeProvider.System, TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken))
        {
            progress.Report(ReportProgress.QueryDone());
        }

        await using var db = database.CreateContext();
        Assert.False(await db.Set<ReportRunProgress>().AnyAsync(p => p.ReportId == report.Id, TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Progress_that_did_not_change_is_not_written_again(string provider)
    {
        await using var database = await OpenAsync(provider);
        var report = await AddReportAsync(database, ReportStatus.Queued);
        await using var services = Services(database);
        await using var progress = Start(services, report.Id);

        progress.Report(ReportProgress.Aggregate(70));
        var written = await EventuallyAsync(database, report.Id, p => p.Percent == 70);
        await Task.Delay(Interval * 6, TestContext.Current.CancellationToken);

        Assert.Equal(written.UpdatedAt, (await RunOfAsync(database, report.Id)).UpdatedAt);
        Assert.False(progress.Stopped.IsCancellationRequested);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_report_cancelled_by_its_owner_stops_its_run_at_the_next_interval(string provider)
    {
        await using var database = await OpenAsync(provider);
        var report = await AddReportAsync(database, ReportStatus.Queued);
        await using var services = Services(database);
        await using var progress = Start(services, report.Id);
        await EventuallyAsync(database, report.Id, _ => true);

        await using (var db = database.CreateContext())
        {
            await db.Set<ReportRequest>().Where(r => r.Id == report.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, ReportStatus.Cancelled).SetProperty(r => r.Version, r => r.Version + 1), TestContext.Current.CancellationToken);
        }

        await WaitUntilStoppedAsync(progress);
        Assert.True(progress.WasStoppedByOwner);
        var cancelled = await ReportAsync(database, report.Id);
        Assert.Equal(ReportStatus.Cancelled, ReportResponse.From(cancelled, await RunOfAsync(database, report.Id)).Status);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_report_no_longer_wanted_does_not_start_and_a_new_run_replaces_the_last(string provider)
    {
        await using var database = await OpenAsync(provider);
        var cancelled = await AddReportAsync(database, ReportStatus.Cancelled);
        var again = await AddReportAsync(database, ReportStatus.Queued);
        await using var services = Services(database);

        await using (var refused = Start(services, cancelled.Id))
        {
            await WaitUntilStoppedAsync(refused);
            Assert.True(refused.WasStoppedByOwner);
        }

        await using (var db = database.CreateContext())
        {
            Assert.False(await db.Set<ReportRunProgress>().AnyAsync(p => p.ReportId == cancelled.Id, TestContext.Current.CancellationToken));
        }

        await using (var first = Start(services, again.Id))
        {
            first.Report(ReportProgress.QueryDone());
            await EventuallyAsync(database, again.Id, p => p.Percent == ReportProgress.QueryDonePercent);
        }

        await using (var db = database.CreateContext())
        {
            // A failed run replayed: the report is queued again, in a new version.
            await db.Set<ReportRequest>().Where(r => r.Id == again.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.Version, r => r.Version + 2), TestContext.Current.CancellationToken);
        }

        Assert.Equal(ReportStatus.Queued, ReportResponse.From(await ReportAsync(database, again.Id), await RunOfAsync(database, again.Id)).Status);
        await using var second = Start(services, again.Id);
        var run = await EventuallyAsync(database, again.Id, p => p.ReportVersion == again.Version + 2);
        Assert.Equal((again.Version + 2, "starting", 0), (run.ReportVersion, run.Stage, run.Percent));
        Assert.Equal(ReportStatus.Running, ReportResponse.From(await ReportAsync(database, again.Id), run).Status);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_sweep_deletes_the_progress_of_reports_that_left_the_queue_and_keeps_the_rest(string provider)
    {
        await using var database = await OpenAsync(provider);
        var rule = new ReportRunProgressRetentionRule();
        var now = DateTimeOffset.UtcNow;
        var old = now - rule.Retention - TimeSpan.FromMinutes(1);
        var ready = await AddReportAsync(database, ReportStatus.Ready);
        var waiting = await AddReportAsync(database, ReportStatus.Queued);
        var justFinished = await AddReportAsync(database, ReportStatus.Failed);
        await using (var db = database.CreateContext())
        {
            db.AddRange(Run(ready.Id, old), Run(waiting.Id, old), Run(justFinished.Id, now));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            Assert.Equal(1, await RetentionSweeper.SweepAsync(db, rule, now, batchSize: 10, TestContext.Current.CancellationToken));
        }

        await using (var db = database.CreateContext())
        {
            var kept = await db.Set<ReportRunProgress>().Select(p => p.ReportId).ToListAsync(TestContext.Current.CancellationToken);
            Assert.Equal(new[] { waiting.Id, justFinished.Id }.Order(), kept.Order());
        }

        static ReportRunProgress Run(Guid reportId, DateTimeOffset at) =>
            new() { ReportId = reportId, ReportVersion = 1, Stage = ReportProgress.Querying, Percent = 10, StartedAt = at, UpdatedAt = at };
    }

    private static async Task<ITestDatabase> OpenAsync(string provider)
    {
        ITestDatabase database = provider == "SQLite" ? new SqliteTestDatabase() : await PostgresTestDatabase.CreateAsync(TestContext.Current.CancellationToken);
        await using var db = database.CreateContext();
        await db.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
        return database;
    }

    private static ServiceProvider Services(ITestDatabase database)
    {
        var services = new ServiceCollection();
        services.AddScoped<TellalDbContext>(_ => database.CreateContext());
        return services.BuildServiceProvider();
    }

    private static IServiceScopeFactory Scopes(ServiceProvider services) => services.GetRequiredService<IServiceScopeFactory>();

    private static ProgressReporter Start(ServiceProvider services, Guid reportId) =>
        ProgressReporter.Start(Scopes(services), reportId, TimeProvider.System, Interval, TestContext.Current.CancellationToken);

    private static async Task WaitUntilStoppedAsync(ProgressReporter progress)
    {
        var stopped = new TaskCompletionSource();
        await using (progress.Stopped.Register(() => stopped.TrySetResult()))
        {
            await stopped.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        }
    }

    private static async Task<ReportRequest> AddReportAsync(ITestDatabase database, ReportStatus status)
    {
        var report = new ReportRequest
        {
            Id = Guid.NewGuid(),
            OwnerId = Guid.NewGuid(),
            ReportType = "top-reviewed-games",
            Title = "Progress test",
            AsOf = new DateOnly(2026, 12, 1),
            Status = status,
            CreatedAt = DateTimeOffset.UtcNow,
            Version = 3,
        };
        await using var db = database.CreateContext();
        db.Add(report);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return report;
    }

    private static async Task<ReportRequest> ReportAsync(ITestDatabase database, Guid id)
    {
        await using var db = database.CreateContext();
        return await db.Set<ReportRequest>().AsNoTracking().SingleAsync(r => r.Id == id, TestContext.Current.CancellationToken);
    }

    private static async Task<ReportRunProgress> RunOfAsync(ITestDatabase database, Guid reportId)
    {
        await using var db = database.CreateContext();
        return await db.Set<ReportRunProgress>().AsNoTracking().SingleAsync(p => p.ReportId == reportId, TestContext.Current.CancellationToken);
    }

    /// <summary>The run's row once it exists (the first write comes one interval after the start) and meets <paramref name="condition"/>.</summary>
    private static async Task<ReportRunProgress> EventuallyAsync(ITestDatabase database, Guid reportId, Func<ReportRunProgress, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            await using (var db = database.CreateContext())
            {
                var run = await db.Set<ReportRunProgress>().AsNoTracking().SingleOrDefaultAsync(p => p.ReportId == reportId, TestContext.Current.CancellationToken);
                if (run is not null && condition(run))
                {
                    return run;
                }

                Assert.True(DateTime.UtcNow < deadline, $"The progress did not get there; last: {(run is null ? "no row" : $"{run.Stage} {run.Percent}%")}");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
