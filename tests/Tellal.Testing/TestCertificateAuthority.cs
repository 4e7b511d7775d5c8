using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tellal.Testing;

/// <summary>
/// A certificate authority made for this test run, and a server certificate it signed for 127.0.0.1/localhost
/// (used by the stand-in third parties, Tellal's webhook listener and the test relay), written as PEM files. Nothing trusts it but
/// what is told to: certificate validation stays on everywhere.
/// </summary>
public sealed class TestCertificateAuthority
{
    private readonly X509Certificate2 _authority;

    public TestCertificateAuthority(string folder)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Tellal Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        _authority = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_authority, true, false));
        using var server = serverRequest.Create(_authority, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(16));

        CaPath = Path.Combine(folder, "test-ca.pem");
        ServerCertificatePath = Path.Combine(folder, "server.pem");
        ServerKeyPath = Path.Combine(folder, "server.key");
        File.WriteAllText(CaPath, _authority.ExportCertificatePem());
        File.WriteAllText(ServerCertificatePath, server.ExportCertificatePem());
        File.WriteAllText(ServerKeyPath, serverKey.ExportPkcs8PrivateKeyPem());
        ServerCertificate = X509Certificate2.CreateFromPem(server.ExportCertificatePem(), serverKey.ExportPkcs8PrivateKeyPem());
    }

    public string CaPath { get; }

    public string ServerCertificatePath { get; }

    public string ServerKeyPath { get; }

    /// <summary>The server certificate with its key, for an HTTPS listener inside the test process.</summary>
    public X509Certificate2 ServerCertificate { get; }

    /// <summary>Kestrel settings (environment form) that serve HTTPS with the server certificate.</summary>
    public Dictionary<string, string> KestrelSettings() => new()
    {
        ["Kestrel__Certificates__Default__Path"] = ServerCertificatePath,
        ["Kestrel__Certificates__Default__KeyPath"] = ServerKeyPath,
    };

    /// <summary>A client handler that trusts this CA (and checks everything else as usual).</summary>
    public SocketsHttpHandler TrustingHandler()
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is not X509Certificate2 presented || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(_authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(presented);
        };
        return handler;
    }
}
