using Tellal.Messaging.Envelopes;

namespace Tellal.Contracts.Identity;

/// <summary>A user was created. Modules that address users (notifications) keep their own copy of what they need.</summary>
[MessageType("tellal.identity.user-registered.v1")]
public sealed record UserRegistered(Guid UserId, string UserName, string? Email, IReadOnlyList<string> Roles);
