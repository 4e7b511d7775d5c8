using System.Net;
using Tellal.Notifications.Inbox;
using Tellal.Notifications.Recipients;

namespace Tellal.Notifications.Email;

internal static class EmailTemplates
{
    public static SendEmail For(Notification notification, Recipient recipient, string publicBaseUrl)
    {
        var link = notification.Url is null ? null : new Uri(new Uri(publicBaseUrl.TrimEnd('/') + "/"), notification.Url.TrimStart('/')).ToString();
        var text = $"""
            Hello {recipient.UserName},

            {notification.Message}
            {(link is null ? "" : $"\nOpen it here: {link}\n")}
            -- Tellal back office
            """;
        var html = $"""
            <p>Hello {WebUtility.HtmlEncode(recipient.UserName)},</p>
            <p>{WebUtility.HtmlEncode(notification.Message)}</p>
            {(link is null ? "" : $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">Open it in Tellal</a></p>")}
            <p style="color:#666">Tellal back office</p>
            """;
        return new SendEmail(notification.Id, recipient.Email!, recipient.UserName, notification.Title, text, html);
    }
}
