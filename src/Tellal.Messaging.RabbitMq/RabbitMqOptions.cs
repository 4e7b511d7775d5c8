using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Tellal.Messaging.RabbitMq;

/// <summary>Bound from <c>Tellal:Messaging:RabbitMq</c>; the broker itself comes from <c>ConnectionStrings:rabbitmq</c>.</summary>
public sealed record RabbitMqOptions
{
    public const string Section = "Tellal:Messaging:RabbitMq";
    public const string ConnectionName = "rabbitmq";
    public const string TransportName = "rabbitmq";

    [Description("Prefix of the exchange and queue names, so several Tellal installations (or test runs) can share a broker.")]
    [Required]
    [RegularExpression("^[a-z0-9-]{1,40}$")]
    public string Prefix { get; init; } = "tellal";

    [Description("The broker's management HTTP API (e.g. http://mq:15672), read with the AMQP connection's credentials for each queue's oldest waiting age in the operations view; not set: the age is not shown for RabbitMQ queues.")]
    public Uri? ManagementUri { get; init; }
}
