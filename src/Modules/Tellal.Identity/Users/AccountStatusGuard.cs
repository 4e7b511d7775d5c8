using System.Collections.Concurrent;
using System.Data.Common;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tellal.Platform.Hosting.Coordination;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;

namespace Tellal.Identity.Users;

/// <summary>
/// Cookies and bearer tokens last hours and carry the roles they were issued with. Without this, disabling a user or
/// taking a role away would only bite at the next sign-in. Every authenticated request checks the user's current
/// state: a disabled user, one whose roles changed, or one whose password changed since the token or cookie was
/// issued (its security stamp differs) is signed out and must sign in again. The state is read from the database and
/// kept per user; when an admin changes a user, the node announces it on the coordination channel and every node drops
/// its copy at once (Redis pub/sub between nodes). The copy is also read again after
/// <see cref="AuthOptions.AccountRecheck"/>, the bound for a node that missed the news.
/// </summary>
internal sealed class AccountStatusGuard
{
    public const string ChangedTopic = "identity.user-changed";

    private readonly ConcurrentDictionary<Guid, Known> _known = new();
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly ICoordinationChannel _channel;
    private readonly TimeSpan _recheck;

    public AccountStatusGuard(IServiceScopeFactory scopes, TimeProvider time, ICoordinationChannel channel, IOptions<AuthOptions> options)
    {
        _scopes = scopes;
        _time = time;
        _channel = channel;
        _recheck = options.Value.AccountRecheck;
        channel.Subscribe(ChangedTopic, message =>
        {
            if (Guid.TryParse(message, out var id))
            {
                Forget(id);
            }
        });
        channel.Resynchronize += () =>
        {
            foreach (var id in _known.Keys)
            {
                Forget(id);
            }
        };
    }

    /// <summary>After the change committed: every node (this one too) reads the user's state again on their next request.</summary>
    public Task AnnounceChangedAsync(Guid userId, CancellationToken cancellationToken) =>
        _channel.PublishAsync(ChangedTopic, userId.ToString(), cancellationToken);

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

        var now = _time.GetUtcNow();
        var hasKnown = _known.TryGetValue(id, out var known);
        if (!hasKnown || now - known!.At > _recheck)
        {
            try
            {
                await using var scope = _scopes.CreateAsyncScope();
                var user = await scope.ServiceProvider.GetRequiredService<TellalDbContext>().Set<User>().AsNoTracking()
                    .Where(u => u.Id == id).Select(u => new { u.DisabledAt, u.Roles, u.SecurityStamp }).FirstOrDefaultAsync(cancellationToken);
                var read = user is null || user.DisabledAt is not null ? new Known(now, null, null) : new Known(now, user.Roles, user.SecurityStamp);
                // Kept only if no news of a change arrived while the query ran (the news replaced the entry): else
                // this read may predate the change and would be trusted until the next re-check.
                _ = hasKnown ? _known.TryUpdate(id, read, known!) : _known.TryAdd(id, read);
                known = read;
            }
            catch (DbException) when (!cancellationToken.IsCancellationRequested)
            {
                // The database is away for a moment: judge by what was last known, or trust the signed token or
                // cookie, rather than fail requests that do not need the database (the hub). The next one looks again.
                if (!hasKnown || known!.IsStale)
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

    /// <summary>Replaced, not removed: a read that started before the news then fails to store what it read.</summary>
    private void Forget(Guid id) => _known[id] = Known.Stale;

    private static AccountStatusGuard GuardOf(Microsoft.AspNetCore.Http.HttpContext context) =>
        context.RequestServices.GetRequiredService<AccountStatusGuard>();

    /// <summary>A class, not a record: entries are compared by reference, so every piece of news is a new one.</summary>
    private sealed class Known(DateTimeOffset at, string? roles, string? stamp)
    {
        public static Known Stale => new(DateTimeOffset.MinValue, null, null);

        public DateTimeOffset At { get; } = at;

        public bool IsStale => At == DateTimeOffset.MinValue;

        public string? Roles { get; } = roles;

        public string? Stamp { get; } = stamp;
    }
}
