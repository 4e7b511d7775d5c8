namespace Tellal.Messaging.Transport.Routing;

/// <summary>
/// A transport this process can use, under the name routing rules give it. The primary transport carries every queue no
/// rule sends elsewhere: the one <c>Tellal:Messaging:Transport</c> names, else the last one registered as primary (Local by
/// default, RabbitMQ once it is configured). Redis and Kafka carry queues only when named.
/// </summary>
public sealed record TransportRegistration(string Name, Type Type, bool Primary);
