using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using StackExchange.Redis;
using Tellal.Platform.Hosting;

namespace Tellal.Identity.Browser;

/// <summary>
/// Sign-in sessions kept server-side in Redis, so every web node knows every session and signing out on one node
/// ends it on all (a self-contained cookie stays valid until it expires, wherever it is replayed). The cookie only
/// carries a random key. A session's key expires with the ticket: the cookie handler renews the ticket as the
/// sliding expiry advances, and each renewal moves the key's TTL with it; an unused session simply disappears.
/// Tickets are stored encrypted with the shared data-protection keys: Redis holds no readable claims.
/// </summary>
internal sealed class RedisTicketStore(RedisConnection redis, IDataProtectionProvider protection, TimeProvider time) : ITicketStore
{
    public const string KeyPrefix = "tellal:session:";

    /// <summary>The cookie's own lifetime (BrowserAuthentication); a ticket without an expiry lives this long.</summary>
    private static readonly TimeSpan DefaultLifetime = BrowserAuthentication.SessionLifetime;

    private readonly IDataProtector _protector = protection.CreateProtector("Tellal.Identity.Sessions");

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await RenewAsync(key, ticket);
        return key;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket) =>
        await (await DatabaseAsync()).StringSetAsync(KeyPrefix + key, _protector.Protect(TicketSerializer.Default.Serialize(ticket)), TimeToLive(ticket));

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        var stored = await (await DatabaseAsync()).StringGetAsync(KeyPrefix + key);
        if (stored.IsNull)
        {
            return null;
        }

        try
        {
            return TicketSerializer.Default.Deserialize(_protector.Unprotect((byte[])stored!));
        }
        catch (CryptographicException)
        {
            // Written with a key that no longer exists: the same as no session.
            return null;
        }
    }

    public async Task RemoveAsync(string key) => await (await DatabaseAsync()).KeyDeleteAsync(KeyPrefix + key);

    private async Task<IDatabase> DatabaseAsync() => (await redis.ConnectAsync()).GetDatabase();

    private TimeSpan TimeToLive(AuthenticationTicket ticket)
    {
        var left = ticket.Properties.ExpiresUtc - time.GetUtcNow();
        return left is { } remaining && remaining > TimeSpan.Zero ? remaining : DefaultLifetime;
    }
}
