using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Tellal.Contracts.Identity;
using Tellal.Messaging.Outbox;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;

namespace Tellal.Identity.Users;

public sealed record ChangeRolesRequest(string[]? Roles);

/// <summary>Either a password the admin chose, or <c>generate: true</c> for one the server makes up and returns once.</summary>
public sealed record ResetPasswordRequest(string? Password, bool Generate);

/// <summary><see cref="GeneratedPassword"/> is shown once and stored nowhere but as a hash.</summary>
public sealed record PasswordResetResponse(UserResponse User, string? GeneratedPassword);

/// <summary>
/// What admins change on existing users: roles, password, disabled. Nobody can take away the last enabled
/// admin (409): the deployment would have no one left to manage users.
/// </summary>
internal static class UserAdminEndpoints
{
    public static void Map(RouteGroupBuilder users)
    {
        users.MapPut("/{id:guid}/roles", ChangeRolesAsync).WithName("ChangeUserRoles");
        users.MapPost("/{id:guid}/password", ResetPasswordAsync).WithName("ResetUserPassword");
        users.MapPost("/{id:guid}/disable", DisableAsync).WithName("DisableUser");
        users.MapPost("/{id:guid}/enable", EnableAsync).WithName("EnableUser");
    }

    private static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> ChangeRolesAsync(
        Guid id, ChangeRolesRequest request, UserService users, TellalDbContext db, IMessagePublisher publisher, AccountStatusGuard guard,
        CancellationToken cancellationToken)
    {
        if (UserService.RolesError(request.Roles) is { } error)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["roles"] = [error] });
        }

        if (await db.Set<User>().FindAsync([id], cancellationToken) is not { } user)
        {
            return NotFound();
        }

        var roles = request.Roles!.Distinct().ToArray();
        var joined = string.Join(',', roles);
        void Announce() => publisher.Publish(new UserRolesChanged(user.Id, roles), new PublishOptions { Subject = $"user/{user.Id}" });
        if (roles.Contains(TellalPolicies.Admin))
        {
            user.Roles = joined;
            Announce();
            await db.SaveChangesAsync(cancellationToken);
        }
        else if (!await users.TryChangeKeepingAnAdminAsync(user, set => set.SetProperty(u => u.Roles, joined), Announce, cancellationToken))
        {
            return LastAdmin("take the Admin role from");
        }

        await guard.AnnounceChangedAsync(user.Id, cancellationToken);
        return TypedResults.Ok(UserResponse.From(user));
    }

    private static async Task<Results<Ok<PasswordResetResponse>, ValidationProblem, ProblemHttpResult>> ResetPasswordAsync(
        Guid id, ResetPasswordRequest request, UserService users, TellalDbContext db, AccountStatusGuard guard, CancellationToken cancellationToken)
    {
        var hasPassword = !string.IsNullOrEmpty(request.Password);
        if (hasPassword == request.Generate)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["password"] = ["Give a new password, or ask for one to be generated (not both)."] });
        }

        if (hasPassword && UserService.PasswordError(request.Password) is { } error)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["password"] = [error] });
        }

        if (await db.Set<User>().FindAsync([id], cancellationToken) is not { } user)
        {
            return NotFound();
        }

        var password = hasPassword ? request.Password! : UserService.GeneratePassword();
        // A reset ends every session of the user (someone else may know the old password): a new security stamp.
        await users.SetPasswordAsync(user, password, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await guard.AnnounceChangedAsync(user.Id, cancellationToken);
        return TypedResults.Ok(new PasswordResetResponse(UserResponse.From(user), hasPassword ? null : password));
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> EnableAsync(
        Guid id, TellalDbContext db, AccountStatusGuard guard, CancellationToken cancellationToken)
    {
        if (await db.Set<User>().FindAsync([id], cancellationToken) is not { } user)
        {
            return NotFound();
        }

        user.DisabledAt = null;
        await db.SaveChangesAsync(cancellationToken);
        await guard.AnnounceChangedAsync(user.Id, cancellationToken);
        return TypedResults.Ok(UserResponse.From(user));
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> DisableAsync(
        Guid id, HttpContext context, UserService users, TellalDbContext db, AccountStatusGuard guard, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (await db.Set<User>().FindAsync([id], cancellationToken) is not { } user)
        {
            return NotFound();
        }

        if (user.Id == context.User.GetUserId())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "You cannot disable your own account.");
        }

        var now = time.GetUtcNow();
        if (user.DisabledAt is null && !await users.TryChangeKeepingAnAdminAsync(user, set => set.SetProperty(u => u.DisabledAt, now), null, cancellationToken))
        {
            return LastAdmin("disable");
        }

        await guard.AnnounceChangedAsync(user.Id, cancellationToken);
        return TypedResults.Ok(UserResponse.From(user));
    }

    private static ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "User not found");

    private static ProblemHttpResult LastAdmin(string what) => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
        title: "This is the last admin",
        detail: $"You cannot {what} the only enabled admin: make another user an admin first.");
}
