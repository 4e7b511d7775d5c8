using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;
using Tellal.Messaging.Dispatch;
using Tellal.Messaging.Registration;

namespace Tellal.Notifications.Email;

/// <summary>
/// Sends one email. Mail is an effect outside the database, so it is at-least-once: the Message-ID is derived from
/// the notification, which lets mail systems (and the pickup folder) recognise the rare resend after a crash.
/// An address that can never be delivered to fails once, as a poison message (dead letter, no retries): only a
/// mail server that is away deserves the half hour of retries.
/// </summary>
internal sealed class SendEmailHandler(IMailSender sender, IOptions<MailOptions> options) : IMessageHandler<SendEmail>
{
    public async Task HandleAsync(SendEmail message, MessageContext context, CancellationToken cancellationToken)
    {
        var mail = new MimeMessage
        {
            Subject = message.Subject,
            MessageId = $"{message.NotificationId:N}@tellal",
            Body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody(),
        };
        mail.From.Add(MailboxAddress.Parse(options.Value.From));
        mail.To.Add(new MailboxAddress(message.ToName, Deliverable(message)));
        try
        {
            await sender.SendAsync(mail, cancellationToken);
        }
        catch (SmtpCommandException refused) when (refused.ErrorCode == SmtpErrorCode.RecipientNotAccepted && (int)refused.StatusCode >= 500)
        {
            throw Undeliverable(message, $"the mail server refused it for good ({(int)refused.StatusCode})", refused);
        }
    }

    /// <summary>The address as MailKit will write it, or a poison failure (the address itself is never logged: it may hold line breaks).</summary>
    private static string Deliverable(SendEmail message)
    {
        if (message.To.Any(char.IsControl) || !MailboxAddress.TryParse(message.To, out var parsed) || parsed.Address != message.To)
        {
            throw Undeliverable(message, "it is not one plain email address", null);
        }

        return parsed.Address;
    }

    private static PoisonMessageException Undeliverable(SendEmail message, string why, Exception? inner) =>
        new($"The email address of user {message.ToName} cannot receive mail: {why}. This email is dropped; correct the address for the next ones.", inner);
}
