using Microsoft.AspNetCore.SignalR;

namespace Tellal.Platform.Security;

/// <summary>
/// SignalR addresses users by the token's subject (the user id), the same id messages carry. Shared by every hub of
/// the process: SignalR takes one provider for all of them.
/// </summary>
public sealed class SubjectUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) => connection.User?.FindFirst(ClaimsPrincipalExtensions.UserIdClaim)?.Value;
}
