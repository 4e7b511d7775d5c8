using Tellal.ExternalReports.Tests.Infrastructure;
using Tellal.Testing;

namespace Tellal.ExternalReports.Tests.Resilience;

/// <summary>ReportHub answering 429s, random 500s, or 503 for one report kind: honoured or retried, never a lost or doubled report.</summary>
public sealed class ProviderErrorTests(ExternalReportsStack stack, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Reports = 10;

    public async ValueTask InitializeAsync() => await stack.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_429_storm_is_waited_out_as_Retry_After_says_instead_of_hammering()
    {
        var before = await stack.Hub.StatsAsync();
        await stack.Hub.SetFaultsAsync(new { rateLimitSeconds = 6 });
        var ids = await SubmitManyAsync();

        await AllReadyOnceAsync(ids);

        var seen = (await stack.Hub.StatsAsync()).Since(before);
        output.WriteLine($"{Reports} reports through a 6 s rate limit: {seen.Count(429)} answers 429");
        Assert.InRange(seen.Count(429), 1, 2 * Reports);
        Assert.Equal(Reports, seen.JobsCreated);
    }

    [Fact]
    public async Task Random_500s_are_retried_and_every_report_completes_once()
    {
        var before = await stack.Hub.StatsAsync();
        await stack.Hub.SetFaultsAsync(new { errorRate = 0.3 });
        var ids = await SubmitManyAsync();

        await AllReadyOnceAsync(ids);

        var seen = (await stack.Hub.StatsAsync()).Since(before);
        output.WriteLine($"{Reports} reports with 30% random 500s: {seen.Count(500)} answers 500");
        Assert.True(seen.Count(500) > 0, "the fault was active");
        Assert.Equal(Reports, seen.JobsCreated);
    }

    [Fact]
    public async Task When_the_provider_validation_of_a_kind_is_down_the_report_waits_and_completes_when_it_is_back()
    {
        await stack.Hub.SetFaultsAsync(new { validationDownKinds = new[] { "market-top-games" } });
        var retried = await ExternalReportsStack.RetriedAsync(stack.Tellal);
        var id = await stack.SubmitAsync();
        // Proof that Tellal asked: the provider refused the submission twice and it waits for its next retry.
        await NodeMetrics.ReachesAsync([stack.Tellal.BaseAddress], NodeMetrics.Retried, retried + 2,
            "the submission failed twice and waits for its retry", ("queue", "reports.external"));
        Assert.Equal("Queued", (await stack.ReportAsync(id)).GetProperty("status").GetString());

        await stack.Hub.ClearFaultsAsync();

        Assert.Equal("Ready", (await stack.WaitUntilFinalAsync(id, TimeSpan.FromSeconds(60))).GetProperty("status").GetString());
        await stack.AssertReadyOnceAsync(id);
    }

    private async Task<List<Guid>> SubmitManyAsync()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < Reports; i++)
        {
            ids.Add(await stack.SubmitAsync(top: 1 + i));
        }

        return ids;
    }

    private async Task AllReadyOnceAsync(List<Guid> ids)
    {
        foreach (var id in ids)
        {
            Assert.Equal("Ready", (await stack.WaitUntilFinalAsync(id, TimeSpan.FromMinutes(2))).GetProperty("status").GetString());
            await stack.AssertReadyOnceAsync(id);
        }
    }
}
