using Microsoft.Extensions.Options;
using Tellal.Platform.Http;

namespace Tellal.Reports.External;

/// <summary>
/// Signs each attempt of a /v1/jobs call as ReportHub requires (docs/reporthub.md, <see cref="HmacRequestSignature"/>).
/// It sits inside the retry pipeline, so a retried attempt gets a fresh timestamp. Download links carry their own signature.
/// </summary>
internal sealed class RequestSigningHandler(IOptions<ExternalReportsOptions> options, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri!.AbsolutePath.StartsWith("/v1/jobs", StringComparison.Ordinal))
        {
            var settings = options.Value;
            await HmacRequestSignature.SignAsync(request, settings.ApiKey!, settings.SigningSecret!, time.GetUtcNow(), cancellationToken);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
