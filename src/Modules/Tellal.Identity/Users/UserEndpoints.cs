using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;

namespace Tellal.Identity.Users;

public sealed record UserResponse(Guid Id, string UserName, string? Email, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt)
{
    internal static UserResponse From(User user) => new(user.Id, user.UserName, user.Email, user.RoleList, user.CreatedAt);
}

public sealed record CreateUserRequest(string? UserName, string? Password, string[]? Roles, string? Email);

/// <summary>Admin-only user management.</summary>
internal static class UserEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/users")
            .WithTags("Users")
            .RequireAuthorization(policy => policy.RequireRole(TellalPolicies.Admin));

        group.MapGet("/", async (TellalDbContext db, CancellationToken ct) =>
            TypedResults.Ok((await db.Set<User>().AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct)).Select(UserResponse.From)))
            .WithName("ListUsers");

        group.MapPost("/", CreateAsync).WithName("CreateUser");
    }

    private static async Task<Results<Created<UserResponse>, ValidationProblem>> CreateAsync(
        CreateUserRequest request, UserService users, TellalDbContext db, CancellationToken cancellationToken)
    {
        var user = new NewUser(request.UserName ?? "", request.Password ?? "", request.Roles ?? [], request.Email);
        var errors = await users.ValidateAsync(user, cancellationToken);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var created = users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/users/{created.Id}", UserResponse.From(created));
    }
}
