using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Tellal.Platform.Hosting.Coordination;

namespace Tellal.Notifications.Email;

/// <summary>
/// Can this node reach its mail server? Reported in the node list, not part of readiness: while SMTP is down emails
/// wait in their retries, everything else works. A real mail provider may throttle a client that connects every few
/// seconds, so the answer is kept for a minute (the heartbeat asks every 5 s). A kept answer that turns out wrong is
/// dropped on every notifier at once: when a check finds the server's state changed, or an email just sent (or failed
/// to connect) contradicts it, the node says so on the coordination channel (<see cref="ChangedTopic"/>), so the
/// operations view shows the mail server back within a heartbeat, not a minute.
/// </summary>
internal sealed class SmtpHealthCheck : IHealthCheck
{
    public const string Name = "smtp";
    public const string ChangedTopic = "notifications.smtp-changed";
    private static readonly TimeSpan KeepResult = TimeSpan.FromMinutes(1);

    private readonly IOptions<MailOptions> _options;
    private readonly TimeProvider _time;
    private readonly ICoordinationChannel _channel;

    // Only the heartbeat runs this check, one beat at a time; a rare overlap would cost one extra connection, no more.
    // A reference, so that the channel's thread dropping it and the check replacing it never see half an answer.
    private volatile Kept? _last;

    public SmtpHealthCheck(IOptions<MailOptions> options, TimeProvider time, ICoordinationChannel channel)
    {
        _options = options;
        _time = time;
        _channel = channel;
        channel.Subscribe(ChangedTopic, _ => _last = null);
        channel.Resynchronize += () => _last = null;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var last = _last;
        if (last is null || _time.GetUtcNow() - last.At > KeepResult)
        {
            var fresh = new Kept(_time.GetUtcNow(), await ConnectAsync(cancellationToken));
            _last = fresh;
            if (last is not null && last.Reachable != fresh.Reachable)
            {
                await _channel.PublishAsync(ChangedTopic, Name, cancellationToken);
            }

            last = fresh;
        }

        return last.Result;
    }

    /// <summary>A send just reached the server (or could not): if the kept answer says otherwise, every notifier drops its own.</summary>
    public Task ObservedAsync(bool reachable, CancellationToken cancellationToken) =>
        _last is { } last && last.Reachable != reachable ? _channel.PublishAsync(ChangedTopic, Name, cancellationToken) : Task.CompletedTask;

    private async Task<HealthCheckResult> ConnectAsync(CancellationToken cancellationToken)
    {
        var smtp = _options.Value.Smtp;
        var server = $"{smtp.Host}:{smtp.Port}";
        try
        {
            using var client = await SmtpMailSender.ConnectAsync(smtp, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return HealthCheckResult.Healthy(server);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The exception stays in the report for logs; admins read a sentence.
            return HealthCheckResult.Unhealthy($"{server} unreachable", exception);
        }
    }

    private sealed record Kept(DateTimeOffset At, HealthCheckResult Result)
    {
        public bool Reachable => Result.Status == HealthStatus.Healthy;
    }
}
