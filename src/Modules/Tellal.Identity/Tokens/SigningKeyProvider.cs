using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Tellal.Platform.Storage;

namespace Tellal.Identity.Tokens;

/// <summary>
/// The key that signs and validates bearer tokens: from configuration when set, otherwise generated once and
/// kept in the shared database, so tokens issued by one web node are accepted by all.
/// </summary>
public sealed class SigningKeyProvider(IServiceScopeFactory scopes, IOptions<AuthOptions> options, TimeProvider time)
{
    private const string StoredKeyId = "token-signing";
    private SymmetricSecurityKey? _key;

    /// <summary>The key once loaded; validation before that fails closed.</summary>
    public SymmetricSecurityKey? Current => _key;

    public async Task<SymmetricSecurityKey> GetAsync(CancellationToken cancellationToken)
    {
        if (_key is not null)
        {
            return _key;
        }

        var configured = options.Value.SigningKey;
        var bytes = configured is not null ? Convert.FromBase64String(configured) : await LoadOrCreateAsync(cancellationToken);
        if (bytes.Length < 32)
        {
            throw new InvalidOperationException("Tellal:Auth:SigningKey must be at least 32 bytes (base64).");
        }

        _key = new SymmetricSecurityKey(bytes) { KeyId = StoredKeyId };
        return _key;
    }

    private static async Task<SigningKey?> StoredByAnotherNodeAsync(TellalDbContext db, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        return await db.Set<SigningKey>().AsNoTracking().FirstOrDefaultAsync(k => k.Id == StoredKeyId, cancellationToken);
    }

    private async Task<byte[]> LoadOrCreateAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
        var stored = await db.Set<SigningKey>().AsNoTracking().FirstOrDefaultAsync(k => k.Id == StoredKeyId, cancellationToken);
        if (stored is not null)
        {
            return Convert.FromBase64String(stored.Key);
        }

        var key = new SigningKey { Id = StoredKeyId, Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)), CreatedAt = time.GetUtcNow() };
        db.Set<SigningKey>().Add(key);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return Convert.FromBase64String(key.Key);
        }
        catch (DbUpdateException)
        {
            // Another node created it first: use theirs (if not, the failure was something else: rethrow).
            var winner = await StoredByAnotherNodeAsync(db, cancellationToken);
            if (winner is null)
            {
                throw;
            }

            return Convert.FromBase64String(winner.Key);
        }
    }
}
