using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Tellal.Notifications.Email;

/// <summary>
/// Can this node reach its mail server? Reported in the node list, not part of readiness: while SMTP is down emails
/// wait in their retries, everything else works. A real mail provider may throttle a client that connects every few
/// seconds, so the answer is kept for a minute (the heartbeat asks every 5 s).
/// </summary>
internal sealed class SmtpHealthCheck(IOptions<MailOptions> options, TimeProvider time) : IHealthCheck
{
    public const string Name = "smtp";
    private static readonly TimeSpan KeepResult = TimeSpan.FromMinutes(1);

    // Only the heartbeat runs this check, one beat at a time; a rare overlap would cost one extra connection, no more.
    private (DateTimeOffset At, HealthCheckResult Result)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_last is not { } last || time.GetUtcNow() - last.At > KeepResult)
        {
            last = (time.GetUtcNow(), await ConnectAsync(cancellationToken));
            _last = last;
        }

        return last.Result;
    }

    private async Task<HealthCheckResult> ConnectAsync(CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
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
}
