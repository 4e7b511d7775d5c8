using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Tellal.Reports.External;

/// <summary>
/// Signs each attempt of a /v1/jobs call as ReportHub requires (docs/reporthub.md): X-Api-Key, X-Signature-Timestamp
/// and X-Signature = v1=base64(HMAC-SHA256(secret, METHOD \n path+query \n timestamp \n hex(SHA-256(body)))). It sits
/// inside the retry pipeline, so a retried attempt gets a fresh timestamp. Download links carry their own signature.
/// </summary>
internal sealed class RequestSigningHandler(IOptions<ExternalReportsOptions> options, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        if (uri.AbsolutePath.StartsWith("/v1/jobs", StringComparison.Ordinal))
        {
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            var canonical = $"{request.Method.Method}\n{uri.AbsolutePath}{uri.Query}\n{timestamp}\n{Convert.ToHexStringLower(SHA256.HashData(body))}";
            var settings = options.Value;
            var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(settings.SigningSecret!), Encoding.UTF8.GetBytes(canonical));
            request.Headers.Remove("X-Api-Key");
            request.Headers.Remove("X-Signature-Timestamp");
            request.Headers.Remove("X-Signature");
            request.Headers.Add("X-Api-Key", settings.ApiKey);
            request.Headers.Add("X-Signature-Timestamp", timestamp);
            request.Headers.Add("X-Signature", "v1=" + Convert.ToBase64String(signature));
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
