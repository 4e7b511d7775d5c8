using System.Collections.Concurrent;
using System.Data.Common;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;

namespace Tellal.Identity.Users;

/// <summary>
/// Cookies and bearer tokens last hours and carry the roles they were issued with. Without this, disabling a user or
/// taking a role away would only bite at the next sign-in. Every authenticated request checks the user's current
/// state, read from the database at most every <see cref="Fresh"/> per user (and so on every web node within that
/// time): a disabled user, one whose roles changed, or one whose password changed since the token or cookie was
/// issued (its security stamp differs) is signed out and must sign in again.
/// </summary>
internal sealed class AccountStatusGuard(IServiceScopeFactory scopes, TimeProvider time)
{
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Guid, (DateTimeOffset At, string? Roles, string? Stamp)> _known = new();

    public static void AddTo(IServiceCollection services)
    {
        services.AddSingleton<AccountStatusGuard>();
        services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, options =>
        {
            var previous = options.Events.OnValidatePrincipal;
            options.Events.OnValidatePrincipal = async context =>
            {
                await previous(context);
                if (context.Principal is { } principal && !await GuardOf(context.HttpContext).IsCurrentAsync(principal, context.HttpContext.RequestAborted))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                }
            };
        });
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            var previous = options.Events.OnTokenValidated;
            options.Events.OnTokenValidated = async context =>
            {
                await previous(context);
                if (context.Principal is { } principal && !await GuardOf(context.HttpContext).IsCurrentAsync(principal, context.HttpContext.RequestAborted))
                {
                    context.Fail("The account was disabled, or its roles or password changed; sign in again.");
                }
            };
        });
    }

    /// <summary>True while the user exists, is enabled, has exactly the roles the principal claims and the same security stamp.</summary>
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(principal.FindFirstValue(ClaimsPrincipalExtensions.UserIdClaim), out var id))
        {
            return false;
        }

        var now = time.GetUtcNow();
        var hasKnown = _known.TryGetValue(id, out var known);
        if (!hasKnown || now - known.At > Fresh)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var user = await scope.ServiceProvider.GetRequiredService<TellalDbContext>().Set<User>().AsNoTracking()
                    .Where(u => u.Id == id).Select(u => new { u.DisabledAt, u.Roles, u.SecurityStamp }).FirstOrDefaultAsync(cancellationToken);
                known = user is null || user.DisabledAt is not null ? (now, null, null) : (now, user.Roles, user.SecurityStamp);
                _known[id] = known;
            }
            catch (DbException) when (!cancellationToken.IsCancellationRequested)
            {
                // The database is away for a moment: judge by what was last known, or trust the signed token or
                // cookie, rather than fail requests that do not need the database (the hub). The next one looks again.
                if (!hasKnown)
                {
                    return true;
                }
            }
        }

        // Tokens issued before stamps existed have no claim; they match the empty stamp those users got.
        return known.Roles is { } roles
            && (principal.FindFirstValue(UserClaims.SecurityStampClaim) ?? "") == known.Stamp
            && principal.FindAll(ClaimsPrincipalExtensions.RoleClaim).Select(c => c.Value).Order(StringComparer.Ordinal)
                .SequenceEqual(roles.Split(',', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    private static AccountStatusGuard GuardOf(Microsoft.AspNetCore.Http.HttpContext context) =>
        context.RequestServices.GetRequiredService<AccountStatusGuard>();
}
