using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Storage;

namespace Tellal.Telemetry.Keys;

/// <summary>Creates, lists and revokes app keys (the <c>tellal telemetry keys</c> commands) and checks a presented key.</summary>
public sealed partial class AppKeyStore(TellalDbContext db, TimeProvider time)
{
    public const int MaxAppLength = 100;

    public const string AppNameRule = "1 to 100 letters, digits, '.', '-' or '_'";

    public static bool IsValidAppName(string? app) => app is not null && AppName().IsMatch(app);

    /// <summary>A new key for <paramref name="app"/>, saved; the plain key is returned only here.</summary>
    public async Task<(AppKey Key, string Secret)> AddAsync(string app, CancellationToken cancellationToken)
    {
        if (!IsValidAppName(app))
        {
            throw new ArgumentException($"The app name must be {AppNameRule}.", nameof(app));
        }

        var secret = AppKeySecret.Create();
        var key = new AppKey
        {
            Id = Guid.CreateVersion7(),
            App = app,
            Prefix = AppKeySecret.PrefixOf(secret),
            Hash = AppKeySecret.Hash(secret),
            CreatedAt = time.GetUtcNow(),
        };
        db.Set<AppKey>().Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return (key, secret);
    }

    public Task<List<AppKey>> ListAsync(CancellationToken cancellationToken) =>
        db.Set<AppKey>().AsNoTracking().OrderBy(k => k.App).ThenBy(k => k.Id).ToListAsync(cancellationToken);

    /// <summary>False when there is no such key or it was already revoked.</summary>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Set<AppKey>()
            .Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(k => k.SetProperty(x => x.RevokedAt, time.GetUtcNow()), cancellationToken) == 1;

    /// <summary>The key's app when the key exists and is not revoked.</summary>
    public async Task<AppKey?> FindActiveAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = AppKeySecret.Hash(secret);
        return await db.Set<AppKey>().AsNoTracking().FirstOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null, cancellationToken);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex AppName();
}
