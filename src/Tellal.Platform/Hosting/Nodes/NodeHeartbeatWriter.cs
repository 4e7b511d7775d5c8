using System.Reflection;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tellal.Platform.Roles;
using Tellal.Platform.Storage;

namespace Tellal.Platform.Hosting.Nodes;

/// <summary>
/// Every few seconds, runs this node's health checks and writes the outcome to its own heartbeat row. Writing to the
/// database every node already shares (SQLite file or PostgreSQL) works in both topologies without any new server,
/// and a row that stops changing is exactly how a dead node looks. Beats start once the node has its schema
/// (<see cref="StartupGate.IsSchemaCurrent"/>): before, there is no table to write to.
/// </summary>
internal sealed class NodeHeartbeatWriter(
    IServiceScopeFactory scopes,
    HealthCheckService health,
    NodeIdentity node,
    RoleSet roles,
    StartupGate gate,
    StorageConnection connection,
    QueueActivity activity,
    IOptions<NodeHeartbeatOptions> options,
    TimeProvider time,
    ILogger<NodeHeartbeatWriter> logger) : BackgroundService
{
    private static readonly string Version = typeof(NodeHeartbeatWriter).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion is { } version
        ? version[..Math.Min(version.Length, 100)] : "unknown";

    private readonly DateTimeOffset _startedAt = time.GetUtcNow();
    private bool _warned;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            await BeatAsync(stopping: false, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // A clean shutdown says so: the admin sees "stopped", not a node that went silent.
        await BeatAsync(stopping: true, cancellationToken);
    }

    private async Task BeatAsync(bool stopping, CancellationToken cancellationToken)
    {
        // On SQLite the first start's data load holds the file's only write lock for tens of seconds: a beat then would
        // only fail (and EF Core log it as an error). One process owns that file, so its beats can wait until it is open.
        if (!gate.IsSchemaCurrent || (connection.Provider == DatabaseProvider.Sqlite && !gate.IsOpen))
        {
            return;
        }

        try
        {
            var report = await health.CheckHealthAsync(cancellationToken);
            var now = time.GetUtcNow();
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
            var heartbeats = db.Set<NodeHeartbeat>();
            var row = await heartbeats.FindAsync([node.InstanceId], cancellationToken);
            if (row is null)
            {
                row = new NodeHeartbeat
                {
                    InstanceId = node.InstanceId,
                    NodeName = node.Name,
                    Host = Environment.MachineName,
                    ProcessId = Environment.ProcessId,
                    Roles = string.Join(',', roles.Roles),
                    Version = Version,
                    StartedAt = _startedAt,
                };
                heartbeats.Add(row);
            }

            row.LastSeenAt = now;
            row.StoppedAt = stopping ? now : null;
            row.Ready = !stopping && report.Entries.Where(e => e.Value.Tags.Contains(HealthTags.Ready)).All(e => e.Value.Status == HealthStatus.Healthy);
            row.Checks = JsonSerializer.Serialize(report.Entries.ToDictionary(
                e => e.Key, e => new NodeCheck(e.Value.Status.ToString(), Shorten(e.Value.Description))));
            row.Activity = activity.ToJson();
            await db.SaveChangesAsync(cancellationToken);
            // Any node may tidy up: deleting the same long-silent rows twice is harmless.
            await heartbeats.Where(n => n.LastSeenAt < now - options.Value.ForgetAfter).ExecuteDeleteAsync(cancellationToken);
            _warned = false;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Tried again silently while the node is still starting; after that, a warning once, not at every beat.
            if (gate.IsOpen && !_warned)
            {
                logger.LogWarning(exception, "Could not write this node's heartbeat; trying again every {Interval}", options.Value.Interval);
                _warned = true;
            }
        }
    }

    private static string? Shorten(string? text) => text is { Length: > 300 } ? text[..300] : text;
}

/// <summary>One health check as the node list shows it.</summary>
public sealed record NodeCheck(string Status, string? Description);
