namespace Tellal.Messaging.Dispatch;

/// <summary>A message that can never succeed (unknown type, unreadable data): dead-lettered without retries.</summary>
public sealed class PoisonMessageException(string message, Exception? inner = null) : Exception(message, inner);
