using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Tellal.Contracts.Identity;
using Tellal.Messaging.Outbox;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;

namespace Tellal.Identity.Users;

public sealed record NewUser(string UserName, string Password, IReadOnlyList<string> Roles, string? Email = null);

/// <summary>Creates users and checks passwords; the API, the CLI and the first-run bootstrap share it.</summary>
public sealed partial class UserService(TellalDbContext db, IPasswordHasher<User> hasher, IMessagePublisher publisher, TimeProvider time)
{
    public const int MinPasswordLength = 10;
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(5);

    /// <summary>Field-keyed validation errors (empty when the user can be created).</summary>
    public async Task<Dictionary<string, string[]>> ValidateAsync(NewUser user, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(user.UserName) || !UserNamePattern().IsMatch(user.UserName))
        {
            errors["userName"] = ["3 to 50 letters, digits, dots, dashes or underscores."];
        }
        else if (await AnyUserNamedAsync(user.UserName, cancellationToken))
        {
            errors["userName"] = ["This user name is taken."];
        }

        if (PasswordError(user.Password) is { } password)
        {
            errors["password"] = [password];
        }

        if (RolesError(user.Roles) is { } roles)
        {
            errors["roles"] = [roles];
        }

        if (user.Email is { } email && !email.Contains('@', StringComparison.Ordinal))
        {
            errors["email"] = ["Not an email address."];
        }

        return errors;
    }

    /// <summary>The password rule, the same for new users and for passwords an admin sets; null when it holds.</summary>
    public static string? PasswordError(string? password) =>
        string.IsNullOrEmpty(password) || password.Length < MinPasswordLength ? $"At least {MinPasswordLength} characters." : null;

    public static string? RolesError(IReadOnlyList<string>? roles) =>
        roles is not { Count: > 0 } || roles.Any(r => !TellalPolicies.UserRoles.Contains(r))
            ? $"One or more of: {string.Join(", ", TellalPolicies.UserRoles)}."
            : null;

    /// <summary>A random password without look-alike characters (0/O, 1/l), for the first admin and admin resets.</summary>
    public static string GeneratePassword() =>
        RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", 20);

    public string HashPassword(User user, string password) => hasher.HashPassword(user, password);

    /// <summary>
    /// Applies <paramref name="change"/> (taking the Admin role away, disabling) to <paramref name="user"/> unless that
    /// would leave no enabled admin, checking and writing atomically: two admins demoting each other at the same
    /// instant must not both succeed. The write is one UPDATE whose WHERE looks for another enabled admin. On SQLite
    /// the single writer serializes two of them; on PostgreSQL each would still see the other's row as it was before,
    /// so a transaction-scoped advisory lock queues them and the second one's WHERE sees the first one committed. The
    /// rest of the unit of work, and what <paramref name="onChanged"/> adds to it (e.g. the news of the change), commits
    /// in the same transaction. False: the user is the last enabled admin and nothing changed.
    /// </summary>
    public async Task<bool> TryChangeKeepingAnAdminAsync(User user, Action<UpdateSettersBuilder<User>> change, Action? onChanged, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext('tellal.identity.enabled-admins'))", cancellationToken);
        }

        var users = db.Set<User>();
        var changed = await users
            .Where(u => u.Id == user.Id && (u.DisabledAt != null || !u.Roles.Contains(TellalPolicies.Admin)
                || users.Any(other => other.Id != u.Id && other.DisabledAt == null && other.Roles.Contains(TellalPolicies.Admin))))
            .ExecuteUpdateAsync(change, cancellationToken);
        if (changed == 0)
        {
            return false;
        }

        onChanged?.Invoke();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await db.Entry(user).ReloadAsync(cancellationToken);
        return true;
    }

    /// <summary>Adds the user (and the news of it) to the unit of work; the caller validates first and saves.</summary>
    public User Add(NewUser user)
    {
        var entity = new User
        {
            Id = Guid.CreateVersion7(),
            UserName = user.UserName,
            Email = user.Email,
            Roles = string.Join(',', user.Roles.Distinct()),
            CreatedAt = time.GetUtcNow(),
        };
        entity.PasswordHash = hasher.HashPassword(entity, user.Password);
        db.Set<User>().Add(entity);
        publisher.Publish(new UserRegistered(entity.Id, entity.UserName, entity.Email, entity.RoleList), new PublishOptions { Subject = $"user/{entity.Id}" });
        return entity;
    }

    /// <summary>
    /// Checks a password, counting failures: after <see cref="MaxFailedSignIns"/> wrong ones in a row the user is
    /// locked out for <see cref="LockoutDuration"/>, so passwords cannot be guessed through the page or the API.
    /// </summary>
    public async Task<SignInResult> VerifyPasswordAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var user = await db.Set<User>().FirstOrDefaultAsync(u => u.UserName == userName, cancellationToken);
        if (user is null)
        {
            return SignInResult.Invalid;
        }

        var now = time.GetUtcNow();
        if (user.LockedUntil > now)
        {
            return SignInResult.LockedOut(user.LockedUntil.Value);
        }

        var result = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (result != PasswordVerificationResult.Failed && user.DisabledAt is not null)
        {
            return SignInResult.Disabled;
        }

        if (result == PasswordVerificationResult.Failed)
        {
            user.FailedSignIns++;
            if (user.FailedSignIns >= MaxFailedSignIns)
            {
                user.FailedSignIns = 0;
                user.LockedUntil = now + LockoutDuration;
            }

            await db.SaveChangesAsync(cancellationToken);
            return user.LockedUntil > now ? SignInResult.LockedOut(user.LockedUntil.Value) : SignInResult.Invalid;
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
        }

        user.FailedSignIns = 0;
        user.LockedUntil = null;
        await db.SaveChangesAsync(cancellationToken);
        return SignInResult.Success(user);
    }

    public Task<bool> AnyUserNamedAsync(string userName, CancellationToken cancellationToken) =>
        db.Set<User>().AnyAsync(u => u.UserName == userName, cancellationToken);

    public Task<bool> AnyAdminAsync(CancellationToken cancellationToken) =>
        db.Set<User>().AnyAsync(u => u.Roles.Contains(TellalPolicies.Admin), cancellationToken);

    [GeneratedRegex("^[A-Za-z0-9._-]{3,50}$")]
    private static partial Regex UserNamePattern();
}
