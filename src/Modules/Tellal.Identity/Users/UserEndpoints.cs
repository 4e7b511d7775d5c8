using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;

namespace Tellal.Identity.Users;

/// <summary>A user as admins see it.</summary>
public sealed record UserResponse(Guid Id, string UserName, string? Email, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt, bool Disabled)
{
    internal static UserResponse From(User user) => new(user.Id, user.UserName, user.Email, user.RoleList, user.CreatedAt, user.DisabledAt is not null);
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

        group.MapGet("/", async (TellalDbContext db, CancellationToken ct) =>
            TypedResults.Ok((await db.Set<User>().AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct)).Select(UserResponse.From)))
            .WithName("ListUsers");

        group.MapPost("/", CreateAsync).WithName("CreateUser");
        UserAdminEndpoints.Map(group);
    }

    private static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateUserRequest request, UserService users, TellalDbContext db, CancellationToken cancellationToken)
    {
        var user = new NewUser(request.UserName ?? "", request.Password ?? "", request.Roles ?? [], request.Email);
        var errors = await users.ValidateAsync(user, cancellationToken);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var created = await users.AddAsync(user, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another admin added the same name (in any case) between the check above and this insert; anything else
            // is not the client's doing.
            if (!await users.AnyUserNamedAsync(user.UserName, cancellationToken))
            {
                throw;
            }

            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "This user name is taken.",
                detail: "Another user with this name (ignoring case) was added a moment ago.");
        }

        return TypedResults.Created($"/api/users/{created.Id}", UserResponse.From(created));
    }
}
