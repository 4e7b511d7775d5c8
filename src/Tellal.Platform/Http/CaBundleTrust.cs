using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Tellal.Platform.Http;

/// <summary>
/// TLS to a third party (ReportHub, the app store) trusting the certificate authorities of a PEM bundle (a private or test CA) instead of the system
/// roots. Only the root store changes: the chain, validity, usage and host name are still checked.
/// </summary>
public static class CaBundleTrust
{
    public static SocketsHttpHandler Handler(string? caBundlePath)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) };
        if (caBundlePath is null)
        {
            return handler;
        }

        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(caBundlePath);
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            // A wrong host name (or no certificate) is never excused; only "unknown root" is re-checked against the bundle.
            if (certificate is not X509Certificate2 presented || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(presented);
        };
        return handler;
    }
}
