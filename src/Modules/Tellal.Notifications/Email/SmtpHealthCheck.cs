using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Tellal.Notifications.Email;

/// <summary>
/// Can this node reach its mail server? Reported in the node list, not part of readiness: while SMTP is down emails
/// wait in their retries, everything else works.
/// </summary>
internal sealed class SmtpHealthCheck(IOptions<MailOptions> options) : IHealthCheck
{
    public const string Name = "smtp";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
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
