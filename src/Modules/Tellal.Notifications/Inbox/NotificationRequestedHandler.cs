using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tellal.Contracts.Notifications;
using Tellal.Messaging.Outbox;
using Tellal.Messaging.Registration;
using Tellal.Notifications.Email;
using Tellal.Notifications.Recipients;
using Tellal.Platform.Options;
using Tellal.Platform.Storage;

namespace Tellal.Notifications.Inbox;

/// <summary>
/// Stores one notification per recipient and, in the same transaction, asks for the push and the email: the
/// inbox entry, the popup and the mail all follow from one committed fact, each exactly once.
/// </summary>
internal sealed class NotificationRequestedHandler(
    TellalDbContext db,
    IMessagePublisher publisher,
    IOptions<TellalOptions> tellal,
    TimeProvider time) : IMessageHandler<NotificationRequested>
{
    /// <summary>
    /// The recipients this batch has looked up (a batch shares one scope, so one handler): a burst of one user's
    /// reports asks for many notifications to the same person, each of which would otherwise read the same row.
    /// </summary>
    private readonly Dictionary<Guid, Recipient> _recipients = [];

    public async Task HandleAsync(NotificationRequested message, MessageContext context, CancellationToken cancellationToken)
    {
        var recipients = await RecipientsAsync(message, cancellationToken);
        var now = time.GetUtcNow();
        foreach (var recipient in recipients)
        {
            var notification = new Notification
            {
                // Derived from the request and the user: a second handling (after a crash) would collide, not duplicate.
                Id = DeterministicId(context.Envelope.Id, recipient.UserId),
                UserId = recipient.UserId,
                Kind = message.Kind,
                Title = message.Title,
                Message = message.Message,
                Url = message.Url,
                ReportId = message.ReportId,
                CreatedAt = now,
            };
            db.Set<Notification>().Add(notification);
            publisher.Publish(new NotificationCreated(notification.Id, notification.UserId, notification.Kind, notification.ReportId,
                notification.Title, notification.Message, notification.Url, notification.CreatedAt), new PublishOptions { Subject = $"user/{recipient.UserId}" });
            if (message.Email && recipient.Email is { Length: > 0 } email)
            {
                publisher.Publish(EmailTemplates.For(notification, recipient, tellal.Value.PublicBaseUrl));
            }
        }
    }

    private async Task<List<Recipient>> RecipientsAsync(NotificationRequested message, CancellationToken cancellationToken)
    {
        if (message.UserId is { } userId)
        {
            if (!_recipients.TryGetValue(userId, out var recipient))
            {
                // The user may have been registered a moment ago and its event not yet handled here: retry later.
                recipient = await db.Set<Recipient>().AsNoTracking().FirstOrDefaultAsync(r => r.UserId == userId, cancellationToken)
                    ?? throw new InvalidOperationException($"Recipient {userId} is not known yet.");
                _recipients[userId] = recipient;
            }

            return [recipient];
        }

        var role = message.Role ?? throw new Messaging.Dispatch.PoisonMessageException("A notification needs a user or a role.");
        var candidates = await db.Set<Recipient>().AsNoTracking().Where(r => r.Roles.Contains(role)).ToListAsync(cancellationToken);
        return candidates.Where(r => r.Roles.Split(',').Contains(role)).ToList();
    }

    internal static Guid DeterministicId(Guid messageId, Guid userId)
    {
        Span<byte> bytes = stackalloc byte[32];
        messageId.TryWriteBytes(bytes);
        userId.TryWriteBytes(bytes[16..]);
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(bytes, hash);
        return new Guid(hash[..16]);
    }
}
