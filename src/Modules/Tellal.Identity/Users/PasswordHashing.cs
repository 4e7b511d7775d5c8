using Microsoft.AspNetCore.Identity;

namespace Tellal.Identity.Users;

/// <summary>
/// Password hashing is slow on purpose (PBKDF2, 100,000 rounds) and synchronous. Run on every request thread at once, a
/// burst of sign-ins or new users occupies the whole thread pool, and everything else on the node waits behind it:
/// database connects time out (so unrelated requests answered 503), hub pings are late. Here at most one hash per core
/// runs at a time and the other callers wait for a slot without holding a thread, so a burst costs latency to the
/// requests that hash, not availability to the rest.
/// </summary>
public sealed class PasswordHashing(IPasswordHasher<User> hasher) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(Environment.ProcessorCount, Environment.ProcessorCount);

    public Task<string> HashAsync(User user, string password, CancellationToken cancellationToken) =>
        RunAsync(() => hasher.HashPassword(user, password), cancellationToken);

    public Task<PasswordVerificationResult> VerifyAsync(User user, string hash, string password, CancellationToken cancellationToken) =>
        RunAsync(() => hasher.VerifyHashedPassword(user, hash, password), cancellationToken);

    public void Dispose() => _slots.Dispose();

    private async Task<T> RunAsync<T>(Func<T> hash, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return hash();
        }
        finally
        {
            _slots.Release();
        }
    }
}
