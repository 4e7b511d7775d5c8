using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tellal.Integration.Tests.Infrastructure;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Reports;

/// <summary>One node (all roles, small warehouse, mail to the test maildev) shared by the report tests of a class.</summary>
public sealed class ReportsApp : IAsyncLifetime
{
    public TellalApp App { get; } = new(settings: new Dictionary<string, string?>
    {
        ["Tellal:Mail:Smtp:Host"] = TestEnvironment.SmtpHost,
        ["Tellal:Mail:Smtp:Port"] = TestEnvironment.SmtpPort,
        ["Tellal:Mail:Smtp:TlsMode"] = "None",
        ["Tellal:Reports:ProgressInterval"] = "00:00:00.100",
        // Long enough to watch a report run (progress between 0 and 100), short enough for a test.
        ["Tellal:Reports:MinimumDuration"] = "00:00:01.500",
        // One report type that can never finish in time, to see a timeout end a report.
        ["Tellal:Reports:Timeouts:top-players"] = "00:00:00.500",
    });

    public async ValueTask InitializeAsync() => await App.SignedInClientAsync("admin", TellalApp.AdminPassword);

    public async ValueTask DisposeAsync() => await App.DisposeAsync();

    public static async Task<Guid> SubmitAsync(HttpClient client, object request, string? idempotencyKey = null)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/reports") { Content = JsonContent.Create(request) };
        if (idempotencyKey is not null)
        {
            message.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var response = await client.SendAsync(message);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = accepted.GetProperty("id").GetGuid();
        Assert.Equal($"/api/reports/{id}", response.Headers.Location?.ToString());
        return id;
    }

    /// <summary>Polls the report until it reaches <paramref name="status"/>, returning every state seen on the way.</summary>
    public static async Task<List<JsonElement>> WaitForStatusAsync(HttpClient client, Guid id, string status, TimeSpan? timeout = null)
    {
        var seen = new List<JsonElement>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var report = await client.GetFromJsonAsync<JsonElement>($"/api/reports/{id}");
            seen.Add(report);
            if (report.GetProperty("status").GetString() == status)
            {
                return seen;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Report {id} did not become {status}; last: {report}");
            await Task.Delay(50);
        }
    }
}
