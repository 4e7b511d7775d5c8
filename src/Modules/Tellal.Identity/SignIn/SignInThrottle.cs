using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Tellal.Identity.SignIn;

/// <summary>
/// Slows password guessing without ever locking the owner out. Each wrong password counts against the user name
/// tried and against the client address; once either count passes its free allowance, every later attempt with that
/// name or from that address waits (doubling, capped at <see cref="SignInThrottleOptions.MaxDelay"/>) BEFORE the
/// password is checked, whatever the password. So the attacker pays for every guess, and the owner with the right
/// password gets in after at most the cap, even from the attacker's address; the right password clears the name's
/// count. Unknown names are counted like real ones, so the waits reveal nothing. The counts live in this node's memory:
/// a failure costs no database write (the old lockout wrote one per guess), and the embedded default has no shared
/// store. With several web nodes an attacker spread over them gets each node's allowance, which the cap and the
/// per-address rate limit keep small. Memory is bounded: at <see cref="SignInThrottleOptions.MaxTracked"/> entries
/// a name or address not yet tracked is treated as at the cap (it waits, it is not let through).
/// </summary>
public sealed class SignInThrottle(IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);
    private DateTimeOffset _lastSweep;

    private SignInThrottleOptions Settings => options.Value.SignIn;

    /// <summary>How long an attempt with this (normalized) user name from this client waits before its password is checked.</summary>
    public TimeSpan DelayFor(string userName, string client)
    {
        var settings = Settings;
        var account = Delay(CountOf(AccountKey(userName)), settings.FreeAccountFailures, settings);
        var address = Delay(CountOf(ClientKey(client)), settings.FreeClientFailures, settings);
        return account > address ? account : address;
    }

    public void Failed(string userName, string client)
    {
        Count(AccountKey(userName));
        Count(ClientKey(client));
    }

    /// <summary>The right password: the name's failures are forgotten (the address's are not: it may be guessing other names).</summary>
    public void Succeeded(string userName) => _failures.TryRemove(AccountKey(userName), out _);

    /// <summary>Cut to a length no real name reaches, so guesses with huge names cannot fill memory faster.</summary>
    private static string AccountKey(string userName) => "user:" + (userName.Length > 100 ? userName[..100] : userName);

    private static string ClientKey(string client) => "client:" + client;

    private static TimeSpan Delay(int failures, int free, SignInThrottleOptions settings)
    {
        if (failures <= free)
        {
            return TimeSpan.Zero;
        }

        var doublings = Math.Min(failures - free - 1, 30);
        var delay = settings.FirstDelay * Math.Pow(2, doublings);
        return delay < settings.MaxDelay ? delay : settings.MaxDelay;
    }

    private int CountOf(string key)
    {
        if (_failures.TryGetValue(key, out var failures))
        {
            return IsForgotten(failures) ? 0 : failures.Count;
        }

        return _failures.Count >= Settings.MaxTracked ? int.MaxValue : 0;
    }

    private void Count(string key)
    {
        var now = time.GetUtcNow();
        if (!_failures.ContainsKey(key) && _failures.Count >= Settings.MaxTracked && !Sweep(now))
        {
            return;
        }

        _failures.AddOrUpdate(key, _ => new Failures(1, now), (_, old) => new Failures(IsForgotten(old) ? 1 : old.Count + 1, now));
    }

    /// <summary>Drops forgotten entries, at most once a minute (it walks the whole table); true when there is room again.</summary>
    private bool Sweep(DateTimeOffset now)
    {
        if (now - _lastSweep >= TimeSpan.FromMinutes(1))
        {
            _lastSweep = now;
            foreach (var (key, failures) in _failures)
            {
                if (IsForgotten(failures))
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }

        return _failures.Count < Settings.MaxTracked;
    }

    private bool IsForgotten(Failures failures) => time.GetUtcNow() - failures.Last > Settings.ForgetAfter;

    private sealed record Failures(int Count, DateTimeOffset Last);
}
