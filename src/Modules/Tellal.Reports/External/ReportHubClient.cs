using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tellal.Reports.External;

/// <summary>A job as ReportHub describes it (its contract, not shared code: see docs/reporthub.md).</summary>
public sealed record ProviderJob(string Id, string Kind, string Status, string? Reference, string? Error, string? Sha256, string? DownloadUrl)
{
    public bool Succeeded => Status == "Succeeded";

    public bool Failed => Status == "Failed";
}

/// <summary>ReportHub answered, and said no for good (bad request, credentials, validation): retrying cannot help.</summary>
public sealed class ProviderRejectedException(string message) : Exception(message);

/// <summary>ReportHub is unavailable right now (5xx, 429, timeouts after the HTTP retries): the message is retried later.</summary>
public sealed class ProviderUnavailableException(string message) : Exception(message);

/// <summary>
/// Tellal's client of ReportHub's /v1 API. The HttpClient behind it carries the resilience pipeline (timeouts,
/// retries with jitter and Retry-After, circuit breaker) and the request signature, see <see cref="ExternalReportsRegistration"/>.
/// </summary>
public sealed class ReportHubClient(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public async Task<ProviderJob> CreateJobAsync(string kind, Dictionary<string, JsonElement> parameters, string reference, string idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/jobs")
        {
            Content = JsonContent.Create(new { kind, parameters, reference }, options: Json),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadJobAsync(response, "create the job", cancellationToken) ?? throw new ProviderRejectedException("ReportHub did not find the job it was asked to create.");
    }

    /// <summary>The job, or null when the provider does not know it (any more).</summary>
    public async Task<ProviderJob?> GetJobAsync(string jobId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"v1/jobs/{Uri.EscapeDataString(jobId)}", cancellationToken);
        return await ReadJobAsync(response, "read the job", cancellationToken);
    }

    public async Task DownloadAsync(string downloadUrl, Stream destination, CancellationToken cancellationToken)
    {
        var url = new Uri(downloadUrl);
        if (url.Scheme != Uri.UriSchemeHttps || url.Authority != http.BaseAddress!.Authority)
        {
            // The link comes from the provider's answer: never follow it to another host or over plain HTTP.
            throw new ProviderRejectedException($"ReportHub gave a download link outside {http.BaseAddress}.");
        }

        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        ThrowIfUnsuccessful(response, "download the result");
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await body.CopyToAsync(destination, cancellationToken);
    }

    private static async Task<ProviderJob?> ReadJobAsync(HttpResponseMessage response, string action, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        ThrowIfUnsuccessful(response, action);
        return await response.Content.ReadFromJsonAsync<ProviderJob>(Json, cancellationToken)
            ?? throw new ProviderUnavailableException($"ReportHub sent an empty answer when asked to {action}.");
    }

    private static void ThrowIfUnsuccessful(HttpResponseMessage response, string action)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        var message = $"ReportHub answered {status} {response.ReasonPhrase} when asked to {action}.";
        throw status is 408 or 429 or >= 500 ? new ProviderUnavailableException(message) : new ProviderRejectedException(message);
    }
}
