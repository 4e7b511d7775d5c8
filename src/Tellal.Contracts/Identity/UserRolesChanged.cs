using Tellal.Messaging.Envelopes;

namespace Tellal.Contracts.Identity;

/// <summary>An admin changed a user's roles: copies kept by other modules (who the approvers are) follow.</summary>
[MessageType("tellal.identity.user-roles-changed.v1")]
public sealed record UserRolesChanged(Guid UserId, IReadOnlyList<string> Roles);
