using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PreflightCheck.Tests.Collectors;

/// <summary>A root, an intermediate and a leaf made in memory for each test; the root's PEM goes to a temp file.</summary>
internal sealed class TestPki : IDisposable
{
    private readonly string _dir;

    private TestPki(X509Certificate2 root, X509Certificate2 intermediate, X509Certificate2 leaf)
    {
        Root = root;
        Intermediate = intermediate;
        Leaf = leaf;
        _dir = Directory.CreateTempSubdirectory("pfc-pki-").FullName;
        RootPemPath = Path.Combine(_dir, "root.pem");
        File.WriteAllText(RootPemPath, root.ExportCertificatePem());
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Intermediate { get; }

    public X509Certificate2 Leaf { get; }

    public string RootPemPath { get; }

    public static TestPki Create(string dnsName = "registry.test", int leafDays = 200, int rsaBits = 2048, IReadOnlyList<string>? extraDnsNames = null)
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = RSA.Create(2048);
        var rootReq = new CertificateRequest("CN=PFC Test Root", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        rootReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootReq.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootReq.PublicKey, false));
        var root = rootReq.CreateSelfSigned(now.AddDays(-30), now.AddYears(10));

        using var interKey = RSA.Create(2048);
        var interReq = new CertificateRequest("CN=PFC Test Intermediate", interKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        interReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        interReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        interReq.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(interReq.PublicKey, false));
        interReq.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        using var interPublic = interReq.Create(root, now.AddDays(-20), now.AddYears(5), Serial());
        var intermediate = interPublic.CopyWithPrivateKey(interKey);

        var leafKey = RSA.Create(rsaBits);
        var leafReq = new CertificateRequest($"CN={dnsName}", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        leafReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        leafReq.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        leafReq.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(intermediate, true, false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        foreach (var extra in extraDnsNames ?? [])
        {
            san.AddDnsName(extra);
        }

        san.AddIpAddress(IPAddress.Loopback);
        leafReq.CertificateExtensions.Add(san.Build());
        using var leafPublic = leafReq.Create(intermediate, now.AddDays(-10), now.AddDays(leafDays), Serial());
        var leaf = leafPublic.CopyWithPrivateKey(leafKey);
        return new TestPki(root, intermediate, leaf);
    }

    private static byte[] Serial() => RandomNumberGenerator.GetBytes(12);

    public void Dispose()
    {
        Root.Dispose();
        Intermediate.Dispose();
        Leaf.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
