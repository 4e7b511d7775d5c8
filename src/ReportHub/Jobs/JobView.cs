using System.Text.Json.Serialization;

namespace ReportHub;

/// <summary>A job as the API shows it. <see cref="DownloadUrl"/> is present once the job succeeded and expires soon.</summary>
public sealed record JobView(
    string Id,
    string Kind,
    [property: JsonConverter(typeof(JsonStringEnumConverter<JobStatus>))] JobStatus Status,
    string? Reference,
    string? Error,
    string? Sha256,
    long? Size,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? DownloadUrl)
{
    public static JobView Of(Job job, string? downloadUrl) =>
        new(job.Id, job.Kind, job.Status, job.Reference, job.Error, job.Sha256, job.Size, job.CreatedAt, job.UpdatedAt,
            job.Status == JobStatus.Succeeded ? downloadUrl : null);
}

/// <summary>The body of <c>POST /v1/jobs</c>.</summary>
public sealed record CreateJobRequest(string Kind, System.Text.Json.JsonElement Parameters, string? Reference);
