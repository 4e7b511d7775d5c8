using Tellal.Messaging.Envelopes;

namespace Tellal.Notifications.Email;

/// <summary>Module-internal: one email to send. Its own queue, so a mail server outage only delays mail.</summary>
[MessageType("tellal.notifications.send-email.v1")]
public sealed record SendEmail(Guid NotificationId, string To, string ToName, string Subject, string TextBody, string HtmlBody);
