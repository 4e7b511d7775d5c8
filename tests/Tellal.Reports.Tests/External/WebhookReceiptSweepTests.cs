using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tellal.Platform.Storage.Retention;
using Tellal.Reports.External;
using Tellal.Reports.Tests.Infrastructure;

namespace Tellal.Reports.Tests.External;

/// <summary>The retention sweep of rpt_webhook_receipts deletes old receipts in batches and keeps recent ones, on both providers.</summary>
public sealed class WebhookReceiptSweepTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Sqlite_sweep_deletes_receipts_older_than_the_cutoff_and_keeps_recent_ones()
    {
        await using var database = new SqliteTestDatabase();
        await AssertSweepsOldKeepsRecentAsync(database);
    }

    [Fact]
    public async Task Postgres_sweep_deletes_receipts_older_than_the_cutoff_and_keeps_recent_ones()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(TestContext.Current.CancellationToken);
        await AssertSweepsOldKeepsRecentAsync(database);
    }

    private static async Task AssertSweepsOldKeepsRecentAsync(ITestDatabase database)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var rule = new WebhookReceiptRetentionRule(Options.Create(new ExternalReportsOptions()));
        var retention = rule.Retention;
        await using (var db = database.CreateContext())
        {
            await db.Database.EnsureCreatedAsync(cancellationToken);
            // Five old ones with a batch of two: three batches, the last one partial.
            for (var i = 0; i < 5; i++)
            {
                db.Set<WebhookReceipt>().Add(new WebhookReceipt { WebhookId = $"msg_old_{i}", ReceivedAt = Now - retention - TimeSpan.FromMinutes(i + 1) });
            }

            db.Set<WebhookReceipt>().Add(new WebhookReceipt { WebhookId = "msg_recent", ReceivedAt = Now - retention + TimeSpan.FromMinutes(1) });
            await db.SaveChangesAsync(cancellationToken);
        }

        await using (var db = database.CreateContext())
        {
            Assert.Equal(5, await RetentionSweeper.SweepAsync(db, rule, Now, batchSize: 2, cancellationToken));
        }

        await using (var db = database.CreateContext())
        {
            Assert.Equal(["msg_recent"], await db.Set<WebhookReceipt>().Select(r => r.WebhookId).ToListAsync(cancellationToken));
            Assert.Equal(0, await RetentionSweeper.SweepAsync(db, rule, Now, batchSize: 2, cancellationToken));
        }
    }
}
