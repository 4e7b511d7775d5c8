using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;

namespace Tellal.Identity.Users;

/// <summary>A user as admins see it; <see cref="LockedUntil"/> is set only while a lockout lasts.</summary>
public sealed record UserResponse(
    Guid Id, string UserName, string? Email, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt, bool Disabled, DateTimeOffset? LockedUntil)
{
    internal static UserResponse From(User user, DateTimeOffset now) => new(
        user.Id, user.UserName, user.Email, user.RoleList, user.CreatedAt, user.DisabledAt is not null, user.LockedUntil > now ? user.LockedUntil : null);
}

public sealed record CreateUserRequest(string? UserName, string? Password, string[]? Roles, string? Email);

/// <summary>Admin-only user management: list and add here, changes to existing users in <see cref="UserAdminEndpoints"/>.</summary>
internal static class UserEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/users")
            .WithTags("Users")
            .RequireAuthorization(policy => policy.RequireRole(TellalPolicies.Admin));

        group.MapGet("/", async (TellalDbContext db, TimeProvider time, CancellationToken ct) =>
            TypedResults.Ok((await db.Set<User>().AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct)).Select(u => UserResponse.From(u, time.GetUtcNow()))))
            .WithName("ListUsers");

        group.MapPost("/", CreateAsync).WithName("CreateUser");
        UserAdminEndpoints.Map(group);
    }

    private static async Task<Results<Created<UserResponse>, ValidationProblem>> CreateAsync(
        CreateUserRequest request, UserService users, TellalDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var user = new NewUser(request.UserName ?? "", request.Password ?? "", request.Roles ?? [], request.Email);
        var errors = await users.ValidateAsync(user, cancellationToken);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var created = users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/users/{created.Id}", UserResponse.From(created, time.GetUtcNow()));
    }
}
