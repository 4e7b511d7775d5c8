using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ReportHub;

/// <summary>
/// Outgoing TLS that also trusts one extra certificate authority (a private or test CA) given as a PEM file. The
/// chain is still built and checked (expiry, usage, host name); only the root store is replaced.
/// </summary>
internal static class CaTrust
{
    public static SocketsHttpHandler Handler(string? caPath)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) };
        if (caPath is not null)
        {
            var authority = X509Certificate2.CreateFromPem(File.ReadAllText(caPath));
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                Validate(authority, certificate as X509Certificate2, errors);
        }

        return handler;
    }

    private static bool Validate(X509Certificate2 authority, X509Certificate2? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
