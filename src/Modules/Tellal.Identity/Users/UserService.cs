using System.Net.Mail;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Tellal.Contracts.Identity;
using Tellal.Identity.SignIn;
using Tellal.Messaging.Outbox;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;

namespace Tellal.Identity.Users;

public sealed record NewUser(string UserName, string Password, IReadOnlyList<string> Roles, string? Email = null);

/// <summary>Creates users and checks passwords; the API, the CLI and the first-run bootstrap share it.</summary>
public sealed partial class UserService(
    TellalDbContext db, PasswordHashing hashing, IMessagePublisher publisher, SignInThrottle throttle, TimeProvider time)
{
    public const int MinPasswordLength = 10;

    /// <summary>The longest address SMTP can carry (RFC 5321: a 256-octet path including the angle brackets).</summary>
    public const int MaxEmailLength = 254;

    /// <summary>
    /// A hash of a random password, checked against when the user name is unknown: a sign-in costs the same hashing
    /// whether the name exists or not, so the answer's timing does not tell which names exist. Made once per process.
    /// </summary>
    private static string? s_unknownUserHash;

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

        if (EmailError(user.Email) is { } email)
        {
            errors["email"] = [email];
        }

        return errors;
    }

    /// <summary>
    /// One plain address (no display name, comments or quoting), as the mail server will be given it; null when it
    /// holds. Control characters, spaces and markup characters are refused here, at input, rather than at every send.
    /// </summary>
    public static string? EmailError(string? email)
    {
        const string Rule = "One address such as name@example.com, at most 254 characters.";
        if (email is null)
        {
            return null;
        }

        if (email.Length is 0 or > MaxEmailLength || email.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || "<>\"()[]\\,;:".Contains(c)))
        {
            return Rule;
        }

        return MailAddress.TryCreate(email, out var parsed) && parsed.Address == email && parsed.DisplayName.Length == 0 ? null : Rule;
    }

    /// <summary>The form user names are compared in: names differing only in case are the same account.</summary>
    public static string Normalize(string userName) => userName.Trim().ToUpperInvariant();

    public static string NewSecurityStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

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
    public async Task<User> AddAsync(NewUser user, CancellationToken cancellationToken)
    {
        var entity = new User
        {
            Id = Guid.CreateVersion7(),
            UserName = user.UserName,
            NormalizedUserName = Normalize(user.UserName),
            SecurityStamp = NewSecurityStamp(),
            Email = user.Email,
            Roles = string.Join(',', user.Roles.Distinct()),
            CreatedAt = time.GetUtcNow(),
        };
        entity.PasswordHash = await hashing.HashAsync(entity, user.Password, cancellationToken);
        db.Set<User>().Add(entity);
        publisher.Publish(new UserRegistered(entity.Id, entity.UserName, entity.Email, entity.RoleList), new PublishOptions { Subject = $"user/{entity.Id}" });
        return entity;
    }

    /// <summary>
    /// Checks a password. Attempts first wait as long as the throttle says for this name and client (whatever the
    /// password); an unknown name costs the same hashing and gets the same answer as a wrong password. Nothing is
    /// written on a failure. Names are compared case-insensitively.
    /// </summary>
    public async Task<SignInResult> VerifyPasswordAsync(string userName, string password, string client, CancellationToken cancellationToken)
    {
        var name = Normalize(userName);
        if (throttle.DelayFor(name, client) is { } delay && delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, time, cancellationToken);
        }

        var user = await db.Set<User>().FirstOrDefaultAsync(u => u.NormalizedUserName == name, cancellationToken);
        var result = user is null
            ? await CheckAgainstUnknownUserAsync(password, cancellationToken)
            : await hashing.VerifyAsync(user, user.PasswordHash, password, cancellationToken);
        if (user is null || result == PasswordVerificationResult.Failed)
        {
            throttle.Failed(name, client);
            return SignInResult.Invalid;
        }

        throttle.Succeeded(name);
        if (user.DisabledAt is not null)
        {
            return SignInResult.Disabled;
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = await hashing.HashAsync(user, password, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        return SignInResult.Success(user);
    }

    /// <summary>Sets a new password and a new security stamp: every token and cookie issued before stops working.</summary>
    public async Task SetPasswordAsync(User user, string password, CancellationToken cancellationToken)
    {
        user.PasswordHash = await hashing.HashAsync(user, password, cancellationToken);
        user.SecurityStamp = NewSecurityStamp();
    }

    private async Task<PasswordVerificationResult> CheckAgainstUnknownUserAsync(string password, CancellationToken cancellationToken)
    {
        var nobody = new User();
        s_unknownUserHash ??= await hashing.HashAsync(nobody, GeneratePassword(), cancellationToken);
        await hashing.VerifyAsync(nobody, s_unknownUserHash, password, cancellationToken);
        return PasswordVerificationResult.Failed;
    }

    public Task<bool> AnyUserNamedAsync(string userName, CancellationToken cancellationToken)
    {
        var name = Normalize(userName);
        return db.Set<User>().AnyAsync(u => u.NormalizedUserName == name, cancellationToken);
    }

    public Task<bool> AnyAdminAsync(CancellationToken cancellationToken) =>
        db.Set<User>().AnyAsync(u => u.Roles.Contains(TellalPolicies.Admin), cancellationToken);

    [GeneratedRegex("^[A-Za-z0-9._-]{3,50}$")]
    private static partial Regex UserNamePattern();
}
