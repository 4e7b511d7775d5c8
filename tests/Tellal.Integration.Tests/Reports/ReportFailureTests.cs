using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Integration.Tests.Infrastructure;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;

namespace Tellal.Integration.Tests.Reports;

/// <summary>A report whose query keeps failing ends Failed, visibly, when its message is dead-lettered.</summary>
public sealed class ReportFailureTests : IAsyncLifetime
{
    private readonly TellalApp _app = new();

    public async ValueTask InitializeAsync() => await _app.SignedInClientAsync("admin", TellalApp.AdminPassword);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_report_whose_query_keeps_failing_ends_failed_with_a_popup_and_a_dead_letter()
    {
        // Break the data the report needs, as a bad deployment or a corrupted table would.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TellalDbContext>().Database.ExecuteSqlRawAsync("DROP TABLE wh_snack_orders");
        }

        var requester = await _app.NewUserAsync(TellalPolicies.Requester);
        await using var popups = await NotificationListener.ConnectAsync(_app, requester);
        var id = await ReportsApp.SubmitAsync(requester, new { reportType = "weekend-snack-brands" });

        var failed = (await ReportsApp.WaitForStatusAsync(requester, id, "Failed"))[^1];
        Assert.Contains("could not be produced", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        var popup = await popups.WaitForAsync(p => p.GetProperty("reportId").GetGuid() == id);
        Assert.Equal("report.failed", popup.GetProperty("kind").GetString());

        var admin = await _app.SignedInClientAsync("admin", TellalApp.AdminPassword);
        var deadLetters = await admin.GetFromJsonAsync<JsonElement>("/api/admin/dead-letters");
        Assert.Contains(deadLetters.EnumerateArray(), d => d.GetProperty("subject").GetString() == $"report/{id}");
    }
}
