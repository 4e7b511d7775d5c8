using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.Connections;

namespace Tellal.Notifications.Push;

/// <summary>Bound from <c>Tellal:Notifications:Hub</c>: how clients may reach <see cref="NotificationHub"/>.</summary>
public sealed record NotificationHubOptions : IValidatableObject
{
    public const string Section = "Tellal:Notifications:Hub";

    private const HttpTransportType All = HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling;

    [Description("Transports the hub offers in its negotiate answer, comma-separated: WebSockets, ServerSentEvents, LongPolling. "
        + "Clients that negotiate fall back along this list; fewer only to test the fallbacks or to obey a proxy.")]
    public HttpTransportType Transports { get; init; } = All;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Transports == HttpTransportType.None || (Transports & ~All) != 0)
        {
            yield return new ValidationResult($"Transports must name one or more of WebSockets, ServerSentEvents and LongPolling (got {Transports}).", [nameof(Transports)]);
        }
    }
}
