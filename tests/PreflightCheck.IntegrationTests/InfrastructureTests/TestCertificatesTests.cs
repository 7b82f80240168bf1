using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PreflightCheck.IntegrationTests.Infrastructure;

namespace PreflightCheck.IntegrationTests.InfrastructureTests;

public sealed class TestCertificatesTests(PkiFixture pki) : IClassFixture<PkiFixture>
{
    private static readonly string[] Ips = ["127.31.0.5"];

    [Fact]
    public async Task ValidAsync_WhenChainSupplied_ValidatesAgainstTestRootOnly()
    {
        var leaf = await pki.Certificates.ValidAsync("valid", Ips, ["registry.preflight.test"]);

        var (ok, status) = BuildChain(leaf, includeIntermediate: true);

        Assert.True(ok, status.ToString());
        using var cert = leaf.LoadCertificate();
        var san = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains(System.Net.IPAddress.Parse(Ips[0]), san.EnumerateIPAddresses());
        Assert.Contains("registry.preflight.test", san.EnumerateDnsNames());
        Assert.Equal(2, PemCount(leaf.ChainPath));
        Assert.Equal(1, PemCount(leaf.CertificatePath));
    }

    [Fact]
    public async Task ValidAsync_WhenIntermediateMissing_ChainIsPartial()
    {
        var leaf = await pki.Certificates.ValidAsync("leaf-only", Ips);

        var (ok, status) = BuildChain(leaf, includeIntermediate: false);

        Assert.False(ok);
        Assert.True(status.HasFlag(X509ChainStatusFlags.PartialChain), status.ToString());
    }

    [Fact]
    public async Task ExpiredAsync_WhenIssued_ValidityLiesInThePast()
    {
        var leaf = await pki.Certificates.ExpiredAsync("expired", Ips);

        using var cert = leaf.LoadCertificate();
        Assert.Equal(new DateTime(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc), cert.NotAfter.ToUniversalTime());
        var (ok, status) = BuildChain(leaf, includeIntermediate: true);
        Assert.False(ok);
        Assert.True(status.HasFlag(X509ChainStatusFlags.NotTimeValid), status.ToString());
    }

    [Fact]
    public async Task ExpiringInAsync_WhenTenDays_NotAfterIsTenDaysAway()
    {
        var leaf = await pki.Certificates.ExpiringInAsync(TimeSpan.FromDays(10), "soon", Ips);

        using var cert = leaf.LoadCertificate();
        var remaining = cert.NotAfter.ToUniversalTime() - DateTime.UtcNow;
        Assert.InRange(remaining.TotalDays, 9.9, 10.01);
        Assert.True(BuildChain(leaf, includeIntermediate: true).Ok);
    }

    [Fact]
    public async Task SelfSignedAsync_WhenIssued_IsItsOwnIssuerAndUntrustedByTestRoot()
    {
        var leaf = await pki.Certificates.SelfSignedAsync("self", Ips);

        using var cert = leaf.LoadCertificate();
        Assert.Equal(cert.Subject, cert.Issuer);
        Assert.Equal(leaf.CertificatePath, leaf.RootPath);
        var (ok, status) = BuildChain(leaf, includeIntermediate: false, rootPath: pki.Certificates.RootPath);
        Assert.False(ok);
        Assert.True(status.HasFlag(X509ChainStatusFlags.UntrustedRoot) || status.HasFlag(X509ChainStatusFlags.PartialChain), status.ToString());
    }

    [Fact]
    public async Task WeakKeyAsync_WhenIssued_HasRsa1024Key()
    {
        var leaf = await pki.Certificates.WeakKeyAsync("weak", Ips);

        using var cert = leaf.LoadCertificate();
        using var rsa = cert.GetRSAPublicKey();
        Assert.NotNull(rsa);
        Assert.Equal(1024, rsa.KeySize);
    }

    [Fact]
    public async Task Sha1SignedAsync_WhenIssued_SignatureUsesSha1()
    {
        var leaf = await pki.Certificates.Sha1SignedAsync("sha1", Ips);

        using var cert = leaf.LoadCertificate();
        // sha1WithRSAEncryption or ecdsa-with-SHA1, depending on the issuing CA's key type.
        Assert.Contains(cert.SignatureAlgorithm.Value, new[] { "1.2.840.113549.1.1.5", "1.2.840.10045.4.1" });
        Assert.NotNull(cert.GetRSAPublicKey());
    }

    [Fact]
    public async Task LoadWithKey_WhenEcLeaf_PrivateKeyMatchesCertificate()
    {
        var leaf = await pki.Certificates.ValidAsync("keyed", Ips);

        using var cert = leaf.LoadWithKey();
        Assert.True(cert.HasPrivateKey);
        using var ec = cert.GetECDsaPrivateKey();
        Assert.NotNull(ec);
        var data = new byte[] { 1, 2, 3 };
        var sig = ec.SignData(data, HashAlgorithmName.SHA256);
        using var pub = cert.GetECDsaPublicKey();
        Assert.True(pub!.VerifyData(data, sig, HashAlgorithmName.SHA256));
    }

    private (bool Ok, X509ChainStatusFlags Status) BuildChain(LeafCertificate leaf, bool includeIntermediate, string? rootPath = null)
    {
        using var cert = leaf.LoadCertificate();
        using var root = X509CertificateLoader.LoadCertificateFromFile(rootPath ?? pki.Certificates.RootPath);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        if (includeIntermediate)
        {
            chain.ChainPolicy.ExtraStore.Add(X509CertificateLoader.LoadCertificateFromFile(pki.Certificates.IntermediatePath));
        }

        var ok = chain.Build(cert);
        var status = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (a, s) => a | s.Status);
        return (ok, status);
    }

    private static int PemCount(string path) =>
        File.ReadAllText(path).Split("-----BEGIN CERTIFICATE-----").Length - 1;
}
