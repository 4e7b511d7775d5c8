using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Tellal.Platform.Options;

namespace Tellal.Notifications.Email;

public interface IMailSender
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// Sends over SMTP with MailKit; a failure throws, and the messaging core retries with backoff. Whether the server
/// could be reached is news for the health check, which keeps its own answer for a minute.
/// </summary>
internal sealed class SmtpMailSender(IOptions<MailOptions> options, SmtpHealthCheck health) : IMailSender
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        SmtpClient client;
        try
        {
            client = await ConnectAsync(options.Value.Smtp, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await health.ObservedAsync(reachable: false, cancellationToken);
            throw;
        }

        using (client)
        {
            await health.ObservedAsync(reachable: true, cancellationToken);
            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
    }

    /// <summary>A connected (and, when configured, authenticated) client; the health check uses it too.</summary>
    internal static async Task<SmtpClient> ConnectAsync(SmtpOptions smtp, CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = 15_000 };
        var security = smtp.TlsMode switch
        {
            SmtpTlsMode.None => SecureSocketOptions.None,
            SmtpTlsMode.StartTls => SecureSocketOptions.StartTls,
            SmtpTlsMode.Implicit => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTlsWhenAvailable,
        };
        try
        {
            await client.ConnectAsync(smtp.Host!, smtp.Port!.Value, security, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.User))
            {
                await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", cancellationToken);
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}

/// <summary>The embedded default: each email becomes an .eml file in the data directory, readable by any mail client.</summary>
internal sealed class PickupFolderMailSender(IOptions<MailOptions> options, IOptions<TellalOptions> tellal) : IMailSender
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(tellal.Value.ResolveDataDirectory(), options.Value.PickupFolder);
        Directory.CreateDirectory(folder);
        // Named after the Message-ID: writing the same email twice overwrites it instead of adding a copy.
        var path = Path.Combine(folder, $"{(message.MessageId ?? Guid.NewGuid().ToString("N")).Split('@')[0]}.eml");
        var temporary = path + ".tmp";
        await message.WriteToAsync(temporary, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}
