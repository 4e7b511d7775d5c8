using System.Security.Cryptography;
using System.Text.Json;

namespace ReportHub;

/// <summary>The public API: create a job, read it, download its result through a signed link.</summary>
public static class JobEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly JsonElement NoParameters = JsonSerializer.SerializeToElement(new Dictionary<string, object>());

    public static void Map(WebApplication app)
    {
        var v1 = app.MapGroup("/v1").WithTags("jobs");
        v1.MapPost("/jobs", CreateAsync)
            .WithSummary("Create a report job (signed request; Idempotency-Key honoured)")
            .Accepts<CreateJobRequest>("application/json")
            .Produces<JobView>(StatusCodes.Status202Accepted).Produces<JobView>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        v1.MapGet("/jobs/{id}", GetAsync)
            .WithSummary("Read a job: status, error, result SHA-256 and a short-lived download URL (signed request)")
            .Produces<JobView>().ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapGet("/files/{id}", DownloadAsync)
            .WithSummary("Download a result through the signed URL from the job")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, RequestAuthenticator authenticator, ReportKinds kinds, JobStore store,
        JobSignal signal, FaultState faults, HubStatistics statistics, DownloadUrls urls, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, refusal) = await authenticator.AuthenticateAsync(request, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (Parse(body!) is not { } create || kinds.Find(create.Kind ?? "") is not { } kind)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = [$"One of {string.Join(", ", kinds.Names)}."] },
                statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        if (faults.IsValidationDown(kind.Name))
        {
            return Results.Problem(title: $"Validation of '{kind.Name}' is temporarily unavailable.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var parameters = create.Parameters.ValueKind == JsonValueKind.Object ? create.Parameters : NoParameters;
        var errors = kind.Validate(parameters);
        var key = request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } given ? given : null;
        if (key is { Length: > 100 })
        {
            errors["Idempotency-Key"] = ["At most 100 characters."];
        }

        if (errors.Count > 0 || create.Reference is { Length: > 100 })
        {
            return Results.ValidationProblem(errors.Count > 0 ? errors : new() { ["reference"] = ["At most 100 characters."] },
                statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        var now = time.GetUtcNow();
        var hash = Convert.ToHexStringLower(SHA256.HashData(body!));
        var job = new Job($"job_{Guid.CreateVersion7():N}", kind.Name, parameters.GetRawText(), create.Reference, key, hash,
            JobStatus.Queued, null, null, null, now, now);
        var (stored, inserted) = await store.AddAsync(job, cancellationToken);
        if (!inserted && stored.RequestHash != hash)
        {
            return Results.Problem(title: "This Idempotency-Key was used with a different request body.", statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        if (inserted)
        {
            statistics.CountJobCreated();
            signal.Wake();
            return Results.Accepted($"/v1/jobs/{stored.Id}", JobView.Of(stored, null));
        }

        return Results.Ok(JobView.Of(stored, urls.Create(request, stored.Id)));
    }

    private static async Task<IResult> GetAsync(string id, HttpRequest request, RequestAuthenticator authenticator, JobStore store, DownloadUrls urls, CancellationToken cancellationToken)
    {
        var (_, refusal) = await authenticator.AuthenticateAsync(request, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        return await store.FindAsync(id, cancellationToken) is { } job
            ? Results.Ok(JobView.Of(job, urls.Create(request, job.Id)))
            : Results.Problem(title: $"No job {id}.", statusCode: StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> DownloadAsync(string id, long expires, string? signature, DownloadUrls urls, JobStore store, ResultFiles files,
        FaultState faults, CancellationToken cancellationToken)
    {
        if (!urls.IsValid(id, expires, signature))
        {
            return Results.Problem(title: "The download link is invalid or has expired.", statusCode: StatusCodes.Status403Forbidden);
        }

        if (await store.FindAsync(id, cancellationToken) is not { Status: JobStatus.Succeeded } || files.Read(id) is not { } content)
        {
            return Results.Problem(title: $"No result for job {id}.", statusCode: StatusCodes.Status404NotFound);
        }

        if (faults.TakeCorruptDownload())
        {
            content[content.Length / 2] ^= 0x5A;
        }

        return Results.File(content, "text/csv", $"{id}.csv");
    }

    private static CreateJobRequest? Parse(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize<CreateJobRequest>(body, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
