namespace Tellal.Messaging.Transport.Routing;

/// <summary>
/// A transport this process can use, under the name routing rules give it. The primary transport carries every queue no
/// rule sends elsewhere: the last one registered as primary wins (Local by default, RabbitMQ once it is configured).
/// </summary>
public sealed record TransportRegistration(string Name, Type Type, bool Primary);
