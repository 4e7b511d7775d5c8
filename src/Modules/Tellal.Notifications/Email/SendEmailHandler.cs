using Microsoft.Extensions.Options;
using MimeKit;
using Tellal.Messaging.Registration;

namespace Tellal.Notifications.Email;

/// <summary>
/// Sends one email. Mail is an effect outside the database, so it is at-least-once: the Message-ID is derived from
/// the notification, which lets mail systems (and the pickup folder) recognise the rare resend after a crash.
/// </summary>
internal sealed class SendEmailHandler(IMailSender sender, IOptions<MailOptions> options) : IMessageHandler<SendEmail>
{
    public Task HandleAsync(SendEmail message, MessageContext context, CancellationToken cancellationToken)
    {
        var mail = new MimeMessage
        {
            Subject = message.Subject,
            MessageId = $"{message.NotificationId:N}@tellal",
            Body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody(),
        };
        mail.From.Add(MailboxAddress.Parse(options.Value.From));
        mail.To.Add(new MailboxAddress(message.ToName, message.To));
        return sender.SendAsync(mail, cancellationToken);
    }
}
