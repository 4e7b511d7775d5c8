using Microsoft.AspNetCore.SignalR;
using Tellal.Messaging.Registration;
using Tellal.Notifications.Inbox;

namespace Tellal.Notifications.Push;

/// <summary>
/// Pushes a stored notification to the user's connections. Runs on web nodes; with several web nodes the SignalR
/// backplane carries it to whichever node holds the connection. A push is best effort: the inbox keeps the truth.
/// </summary>
internal sealed class NotificationCreatedHandler(IHubContext<NotificationHub> hub) : IMessageHandler<NotificationCreated>
{
    public Task HandleAsync(NotificationCreated message, MessageContext context, CancellationToken cancellationToken) =>
        hub.Clients.User(message.UserId.ToString()).SendAsync(NotificationHub.NotificationMethod,
            new NotificationPayload(message.Id, message.Kind, message.ReportId, message.Title, message.Message, message.Url, message.CreatedAt),
            cancellationToken);
}
