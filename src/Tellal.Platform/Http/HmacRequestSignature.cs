using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tellal.Platform.Http;

/// <summary>
/// The request signature the third parties Tellal calls require (ReportHub, the app store; docs/reporthub.md):
/// <c>X-Api-Key</c>, <c>X-Signature-Timestamp</c> (Unix seconds) and <c>X-Signature = v1=base64(HMAC-SHA256(secret,
/// METHOD \n path+query \n timestamp \n hex(SHA-256(body))))</c>. Called from a handler inside the retry pipeline, so
/// every attempt is signed with a fresh timestamp.
/// </summary>
public static class HmacRequestSignature
{
    public static async Task SignAsync(HttpRequestMessage request, string apiKey, string signingSecret, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var canonical = $"{request.Method.Method}\n{uri.AbsolutePath}{uri.Query}\n{timestamp}\n{Convert.ToHexStringLower(SHA256.HashData(body))}";
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), Encoding.UTF8.GetBytes(canonical));
        request.Headers.Remove("X-Api-Key");
        request.Headers.Remove("X-Signature-Timestamp");
        request.Headers.Remove("X-Signature");
        request.Headers.Add("X-Api-Key", apiKey);
        request.Headers.Add("X-Signature-Timestamp", timestamp);
        request.Headers.Add("X-Signature", "v1=" + Convert.ToBase64String(signature));
    }
}
