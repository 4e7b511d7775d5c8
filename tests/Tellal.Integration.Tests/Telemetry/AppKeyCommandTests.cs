using Tellal.Testing;

namespace Tellal.Integration.Tests.Telemetry;

/// <summary><c>tellal telemetry keys</c>: a key is shown once on the last line, listed by prefix only, and revoked once.</summary>
public sealed class AppKeyCommandTests
{
    [Fact]
    public async Task A_key_is_printed_once_listed_without_itself_and_revoked_once()
    {
        using var data = new TempDirectory();

        var (added, addition) = await TellalProcess.RunAsync(data.Path, null, "telemetry", "keys", "add", "--app", "dragon-quest.android");
        Assert.True(added == 0, addition);
        var key = LastLine(addition);
        Assert.StartsWith("tlk_", key, StringComparison.Ordinal);
        Assert.True(key.Length > 40, key);

        var (_, listing) = await TellalProcess.RunAsync(data.Path, null, "telemetry", "keys", "list");
        Assert.Contains("dragon-quest.android", listing, StringComparison.Ordinal);
        Assert.Contains(key[..10], listing, StringComparison.Ordinal);
        Assert.DoesNotContain(key, listing, StringComparison.Ordinal);
        Assert.Contains("1 key(s).", listing, StringComparison.Ordinal);

        var id = listing.Split('\n').Select(l => l.Split(' ', 2)[0]).Single(l => Guid.TryParse(l, out _));
        var (revoked, revocation) = await TellalProcess.RunAsync(data.Path, null, "telemetry", "keys", "revoke", id);
        var (again, secondRevocation) = await TellalProcess.RunAsync(data.Path, null, "telemetry", "keys", "revoke", id);

        Assert.True(revoked == 0, revocation);
        Assert.Equal(1, again);
        Assert.Contains("already revoked", secondRevocation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_app_name_outside_the_rule_is_a_usage_error()
    {
        using var data = new TempDirectory();

        var (exitCode, output) = await TellalProcess.RunAsync(data.Path, null, "telemetry", "keys", "add", "--app", "no spaces please");

        Assert.Equal(2, exitCode);
        Assert.Contains("--app must be", output, StringComparison.Ordinal);
    }

    private static string LastLine(string output) => output.TrimEnd().Split('\n')[^1].Trim();
}
