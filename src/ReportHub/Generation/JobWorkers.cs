using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ReportHub;

/// <summary>
/// The provider's worker pool: each worker claims the oldest queued job, takes the configured production time, writes
/// the CSV and records the outcome together with its webhook. A job lost meanwhile (store restarted) is dropped.
/// </summary>
public sealed class JobWorkers(JobStore store, ReportKinds kinds, ResultFiles files, JobSignal signal, WebhookEvents events,
    IOptions<ReportHubOptions> options, ILogger<JobWorkers> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Workers).Select(_ => Task.Run(() => WorkAsync(stoppingToken), stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await store.ClaimNextAsync(stoppingToken) is { } job)
                {
                    await ProduceAsync(job, stoppingToken);
                }
                else
                {
                    await signal.WaitAsync(TimeSpan.FromMilliseconds(500), stoppingToken);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "A worker failed; it carries on after a pause.");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task ProduceAsync(Job job, CancellationToken cancellationToken)
    {
        await Task.Delay(options.Value.JobDuration, cancellationToken);
        using var parameters = JsonDocument.Parse(job.ParametersJson);
        string? error = null;
        byte[]? content = null;
        try
        {
            content = Encoding.UTF8.GetBytes(kinds.Find(job.Kind)!.Produce(parameters.RootElement));
            await files.WriteAsync(job.Id, content, cancellationToken);
        }
        catch (ReportProductionException exception)
        {
            error = exception.Message;
        }

        var status = error is null ? JobStatus.Succeeded : JobStatus.Failed;
        var sha256 = content is null ? null : Convert.ToHexStringLower(SHA256.HashData(content));
        var finished = await store.FinishAsync(job.Id, status, error, sha256, content?.Length, events.For(job, status, error, sha256), cancellationToken);
        logger.LogInformation("Job {JobId} ({Kind}) {Outcome}.", job.Id, job.Kind, finished ? status.ToString() : "was lost before it finished");
    }
}
