using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;
using Tellal.Reports.Requests;

namespace Tellal.Integration.Tests.Reports;

/// <summary>Bad input of every kind gets a 4xx problem details answer and leaves nothing behind.</summary>
public sealed class ReportInputTests(ReportsApp reports) : IClassFixture<ReportsApp>
{
    public static TheoryData<string, string> InvalidSubmissions => new()
    {
        { """{"title":"no type"}""", "reportType" },
        { """{"reportType":"weather-forecast"}""", "reportType" },
        { """{"reportType":"top-reviewed-games","parameters":{"top":0}}""", "parameters.top" },
        { """{"reportType":"top-reviewed-games","parameters":{"top":"many"}}""", "parameters.top" },
        { """{"reportType":"top-reviewed-games","parameters":{"colour":"red"}}""", "parameters.colour" },
        { """{"reportType":"daily-rentals-trend","parameters":{"from":"2026-02-10","to":"2026-01-01"}}""", "parameters.to" },
        { """{"reportType":"daily-rentals-trend","parameters":{"from":"not-a-date"}}""", "parameters.from" },
        { """{"reportType":"daily-rentals-trend","parameters":{"to":"2999-01-01"}}""", "parameters.to" },
        { """{"reportType":"top-reviewed-games","format":"docx"}""", "format" },
        { """{"reportType":"top-reviewed-games","format":"png"}""", "format" },
        { """{"reportType":"top-reviewed-games","priority":"urgent"}""", "priority" },
        { """{"reportType":"top-reviewed-games","lifetime":"forever"}""", "lifetime" },
        { $$"""{"reportType":"top-reviewed-games","title":"{{new string('x', 201)}}"}""", "title" },
    };

    [Theory]
    [MemberData(nameof(InvalidSubmissions))]
    public async Task An_invalid_submission_names_the_field_and_stores_nothing(string body, string field)
    {
        var requester = await reports.App.NewUserAsync(TellalPolicies.Requester);
        var stored = await StoredRequestsAsync();
        var response = await requester.PostAsync("/api/reports", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"no error for {field}: {problem}");
        Assert.NotEmpty(messages.EnumerateArray());
        await AssertNothingStoredAsync(requester, stored);
    }

    [Theory]
    [InlineData("{\"reportType\":")]
    [InlineData("[]")]
    [InlineData("")]
    public async Task A_body_that_is_not_a_request_gets_a_problem_answer(string body)
    {
        var requester = await reports.App.NewUserAsync(TellalPolicies.Requester);
        var stored = await StoredRequestsAsync();
        var response = await requester.PostAsync("/api/reports", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await AssertNothingStoredAsync(requester, stored);
    }

    [Fact]
    public async Task Requests_without_a_valid_token_are_unauthorized()
    {
        var anonymous = reports.App.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/reports", new { reportType = "top-reviewed-games" })).StatusCode);
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/reports")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/report-types")).StatusCode);
    }

    [Fact]
    public async Task An_approver_without_the_requester_role_cannot_submit_and_a_requester_cannot_review()
    {
        var approver = await reports.App.NewUserAsync(TellalPolicies.Approver);
        Assert.Equal(HttpStatusCode.Forbidden, (await approver.PostAsJsonAsync("/api/reports", new { reportType = "top-reviewed-games" })).StatusCode);
        var requester = await reports.App.NewUserAsync(TellalPolicies.Requester);
        Assert.Equal(HttpStatusCode.Forbidden, (await requester.GetAsync("/api/approvals")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await requester.PostAsJsonAsync($"/api/reports/{Guid.NewGuid()}/reject", new { reason = "no" })).StatusCode);
    }

    [Fact]
    public async Task Unknown_reports_and_bad_filters_get_problem_answers()
    {
        var requester = await reports.App.NewUserAsync(TellalPolicies.Requester);
        var missing = await requester.GetAsync($"/api/reports/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, (await requester.GetAsync("/api/reports?status=Sleeping")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await requester.GetAsync("/api/reports/not-a-guid")).StatusCode);
    }

    [Fact]
    public async Task The_same_idempotency_key_with_another_request_is_unprocessable()
    {
        var requester = await reports.App.NewUserAsync(TellalPolicies.Requester);
        var first = await ReportsApp.SubmitAsync(requester, new { reportType = "top-reviewed-games", format = "csv" }, "order-7");

        // The defaults spelled out are the same request; another format is not.
        Assert.Equal(first, await ReportsApp.SubmitAsync(requester, new { reportType = "top-reviewed-games", format = "csv", priority = "normal" }, "order-7"));
        using var other = new HttpRequestMessage(HttpMethod.Post, "/api/reports") { Content = JsonContent.Create(new { reportType = "top-reviewed-games", format = "xlsx" }) };
        other.Headers.Add("Idempotency-Key", "order-7");
        var reused = await requester.SendAsync(other);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("application/problem+json", reused.Content.Headers.ContentType?.MediaType);
        Assert.Equal([first], (await requester.GetFromJsonAsync<JsonElement>("/api/reports")).EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
    }

    /// <summary>
    /// Nothing for the requester, and no request row in any state beside those the test found before it sent its own:
    /// the other tests of this class share the node and leave their reports behind, in whatever order they run.
    /// </summary>
    private async Task AssertNothingStoredAsync(HttpClient requester, int storedBefore)
    {
        Assert.Empty((await requester.GetFromJsonAsync<JsonElement>("/api/reports")).EnumerateArray());
        Assert.Equal(storedBefore, await StoredRequestsAsync());
    }

    private async Task<int> StoredRequestsAsync()
    {
        await using var scope = reports.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TellalDbContext>().Set<ReportRequest>().CountAsync();
    }
}
