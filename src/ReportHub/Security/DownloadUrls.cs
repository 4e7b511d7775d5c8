using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ReportHub;

/// <summary>
/// Short-lived download links: <c>/v1/files/{jobId}?expires={unix}&amp;signature={base64url(HMAC-SHA256(key, "jobId.expires"))}</c>.
/// The link itself is the credential, so it can be handed to anything that downloads, and it dies on its own.
/// </summary>
public sealed class DownloadUrls(IOptions<ReportHubOptions> options, TimeProvider time)
{
    public string Create(HttpRequest request, string jobId)
    {
        var expires = time.GetUtcNow().Add(options.Value.DownloadUrlLifetime).ToUnixTimeSeconds();
        return $"{request.Scheme}://{request.Host}/v1/files/{Uri.EscapeDataString(jobId)}?expires={expires}&signature={Sign(jobId, expires)}";
    }

    public bool IsValid(string jobId, long expires, string? signature) =>
        DateTimeOffset.FromUnixTimeSeconds(expires) > time.GetUtcNow() && signature is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(Sign(jobId, expires)));

    private string Sign(string jobId, long expires) =>
        Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Value.UrlSigningKey),
            Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{jobId}.{expires}"))));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
