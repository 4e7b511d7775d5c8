using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using MimeKit;
using Tellal.Notifications;
using Tellal.Notifications.Email;
using Tellal.Platform.Hosting.Coordination;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Notifications;

/// <summary>
/// Issue 16, invalidation of what a node keeps: each notifier keeps its SMTP check's answer for a minute. When one of
/// them sends an email while the kept answers say "unreachable", it says so on the coordination channel and every
/// notifier drops its answer at once: the next check (the next heartbeat) connects again. Two checks on one channel
/// stand for two notifiers (the Redis carrier itself is covered by the account-change broadcast tests).
/// </summary>
public sealed class SmtpHealthBroadcastTests
{
    [Fact]
    public async Task An_email_that_reaches_the_mail_server_clears_every_notifiers_kept_unreachable_answer()
    {
        var channel = new InProcessCoordinationChannel();
        await using var smtp = new TcpForwarder(AppProcess.FreePort(), TestEnvironment.SmtpHost, int.Parse(TestEnvironment.SmtpPort));
        var options = Options.Create(new MailOptions { Smtp = new SmtpOptions { Host = "127.0.0.1", Port = smtp.Port, TlsMode = SmtpTlsMode.None } });
        var notifierA = new SmtpHealthCheck(options, TimeProvider.System, channel);
        var notifierB = new SmtpHealthCheck(options, TimeProvider.System, channel);
        Assert.Equal(HealthStatus.Unhealthy, (await notifierA.CheckHealthAsync(new())).Status);
        Assert.Equal(HealthStatus.Unhealthy, (await notifierB.CheckHealthAsync(new())).Status);

        smtp.Start();
        Assert.Equal(HealthStatus.Unhealthy, (await notifierB.CheckHealthAsync(new())).Status); // kept: no news yet

        var mail = new MimeMessage { Subject = "smtp is back", Body = new TextPart("plain") { Text = "hello" } };
        mail.From.Add(MailboxAddress.Parse("tellal@staff.tellal.test"));
        mail.To.Add(MailboxAddress.Parse("someone@staff.tellal.test"));
        await new SmtpMailSender(options, notifierA).SendAsync(mail, CancellationToken.None);

        Assert.Equal(HealthStatus.Healthy, (await notifierB.CheckHealthAsync(new())).Status);
        Assert.Equal(HealthStatus.Healthy, (await notifierA.CheckHealthAsync(new())).Status);
    }
}
