using System.Security.Cryptography;
using System.Text;

namespace Tellal.Telemetry.Keys;

/// <summary>Makes app keys and hashes them for storage and lookup.</summary>
internal static class AppKeySecret
{
    private const string Marker = "tlk_";

    /// <summary>256 random bits, base64url: nothing to guess and safe in a header.</summary>
    public static string Create() => Marker + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// One SHA-256, not a slow password hash (PBKDF2, bcrypt): those exist to make guessing a low-entropy password
    /// from a stolen hash expensive, and a 256-bit random key cannot be guessed however fast the hash. A fast hash also
    /// lets every ingest request be checked with one indexed lookup instead of seconds of CPU per request.
    /// </summary>
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static string PrefixOf(string key) => key[..Math.Min(key.Length, Marker.Length + 6)];

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
