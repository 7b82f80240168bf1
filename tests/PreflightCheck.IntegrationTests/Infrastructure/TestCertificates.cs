using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace PreflightCheck.IntegrationTests.Infrastructure;

internal enum TestKeyKind
{
    EcP256,
    Rsa2048,
    Rsa1024,
}

internal enum LeafIssuer
{
    Intermediate,
    Root,
    Self,
}

internal sealed record LeafRequest
{
    public required string Name { get; init; }

    public IReadOnlyList<string> IpAddresses { get; init; } = [];

    public IReadOnlyList<string> DnsNames { get; init; } = [];

    public TestKeyKind Key { get; init; } = TestKeyKind.EcP256;

    /// <summary>Defaults to one day ago.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>Defaults to one year from now.</summary>
    public DateTimeOffset? NotAfter { get; init; }

    /// <summary>openssl digest name used for the issuer's signature, e.g. sha256 or sha1.</summary>
    public string Digest { get; init; } = "sha256";

    public LeafIssuer Issuer { get; init; } = LeafIssuer.Intermediate;
}

/// <summary>PEM files of one issued certificate.</summary>
/// <param name="CertificatePath">The leaf alone.</param>
/// <param name="ChainPath">Leaf followed by the intermediate (what a correctly configured server sends); the leaf alone when not issued by the intermediate.</param>
/// <param name="KeyPath">Unencrypted private key (PKCS#8 PEM).</param>
/// <param name="RootPath">The trust anchor that validates this certificate (the leaf itself when self-signed).</param>
internal sealed record LeafCertificate(string Name, string CertificatePath, string ChainPath, string KeyPath, string RootPath)
{
    public X509Certificate2 LoadCertificate() => X509Certificate2.CreateFromPem(File.ReadAllText(CertificatePath));

    public X509Certificate2 LoadWithKey() => X509Certificate2.CreateFromPemFile(CertificatePath, KeyPath);
}

/// <summary>
/// A private PKI made with the openssl CLI at test time: root CA → intermediate CA → leaves.
/// OpenSSL 3.0 lacks x509 -not_before/-not_after, so every CA-signed certificate goes through
/// `openssl ca` with explicit -startdate/-enddate, each in its own database directory so issuance is parallel-safe.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private static readonly TimeSpan OpensslTimeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir;
    private int _counter;

    private TestCertificates(TempDirectory dir, string rootPath, string rootKeyPath, string intermediatePath, string intermediateKeyPath)
    {
        _dir = dir;
        RootPath = rootPath;
        RootKeyPath = rootKeyPath;
        IntermediatePath = intermediatePath;
        IntermediateKeyPath = intermediateKeyPath;
    }

    public string DirectoryPath => _dir.Path;

    public string RootPath { get; }

    public string RootKeyPath { get; }

    public string IntermediatePath { get; }

    public string IntermediateKeyPath { get; }

    public static async Task<TestCertificates> CreateAsync(string label = "PreflightCheck Test", TestKeyKind caKey = TestKeyKind.EcP256)
    {
        var dir = new TempDirectory("pki");
        try
        {
            var rootKey = Path.Combine(dir.Path, "root.key");
            var rootPem = Path.Combine(dir.Path, "root.pem");
            await RunOpensslAsync(dir.Path, [
                "req", "-x509", .. NewKeyArguments(caKey, rootKey), "-out", rootPem, "-sha256", "-days", "3650",
                "-set_serial", RandomSerial(),
                "-subj", $"/O={label}/CN={label} Root CA",
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-addext", "subjectKeyIdentifier=hash"]).ConfigureAwait(false);

            var intKey = Path.Combine(dir.Path, "intermediate.key");
            var intPem = Path.Combine(dir.Path, "intermediate.pem");
            var extensions = """
                basicConstraints = critical,CA:TRUE,pathlen:0
                keyUsage = critical,keyCertSign,cRLSign
                subjectKeyIdentifier = hash
                authorityKeyIdentifier = keyid
                """;
            await SignWithCaAsync(dir.Path, "intermediate", caKey, intKey, $"/O={label}/CN={label} Intermediate CA", extensions,
                rootPem, rootKey, DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddYears(5), "sha256", intPem).ConfigureAwait(false);

            return new TestCertificates(dir, rootPem, rootKey, intPem, intKey);
        }
        catch
        {
            dir.Dispose();
            throw;
        }
    }

    public async Task<LeafCertificate> IssueAsync(LeafRequest request)
    {
        var n = Interlocked.Increment(ref _counter);
        var safe = new string(request.Name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        var work = Path.Combine(_dir.Path, $"{n:D3}-{safe}");
        Directory.CreateDirectory(work);
        var key = Path.Combine(work, "leaf.key");
        var cert = Path.Combine(work, "leaf.pem");
        var chain = Path.Combine(work, "chain.pem");

        var san = string.Join(',', request.IpAddresses.Select(ip => "IP:" + ip).Concat(request.DnsNames.Select(d => "DNS:" + d)));
        var lines = new List<string>
        {
            "basicConstraints = critical,CA:FALSE",
            "keyUsage = critical,digitalSignature,keyEncipherment",
            "extendedKeyUsage = serverAuth",
            "subjectKeyIdentifier = hash",
        };
        if (san.Length > 0)
        {
            lines.Add("subjectAltName = " + san);
        }

        var notBefore = request.NotBefore ?? DateTimeOffset.UtcNow.AddDays(-1);
        var notAfter = request.NotAfter ?? DateTimeOffset.UtcNow.AddDays(365);
        var subject = $"/CN={request.Name}";

        switch (request.Issuer)
        {
            case LeafIssuer.Self:
                {
                    var days = Math.Max(1, (int)Math.Ceiling((notAfter - DateTimeOffset.UtcNow).TotalDays));
                    List<string> args =
                    [
                        "req", "-x509", .. NewKeyArguments(request.Key, key), "-out", cert, "-" + request.Digest, "-days", days.ToString(CultureInfo.InvariantCulture),
                        "-set_serial", RandomSerial(), "-subj", subject,
                    ];
                    foreach (var l in lines)
                    {
                        args.Add("-addext");
                        args.Add(l.Replace(" = ", "=", StringComparison.Ordinal));
                    }

                    await RunOpensslAsync(work, [.. args]).ConfigureAwait(false);
                    File.Copy(cert, chain);
                    return new LeafCertificate(request.Name, cert, chain, key, cert);
                }

            case LeafIssuer.Root:
                lines.Add("authorityKeyIdentifier = keyid");
                await SignWithCaAsync(work, "leaf", request.Key, key, subject, string.Join('\n', lines), RootPath, RootKeyPath, notBefore, notAfter, request.Digest, cert)
                    .ConfigureAwait(false);
                File.Copy(cert, chain);
                return new LeafCertificate(request.Name, cert, chain, key, RootPath);

            default:
                lines.Add("authorityKeyIdentifier = keyid");
                await SignWithCaAsync(work, "leaf", request.Key, key, subject, string.Join('\n', lines), IntermediatePath, IntermediateKeyPath, notBefore, notAfter, request.Digest, cert)
                    .ConfigureAwait(false);
                await File.WriteAllTextAsync(chain, await File.ReadAllTextAsync(cert).ConfigureAwait(false) + await File.ReadAllTextAsync(IntermediatePath).ConfigureAwait(false))
                    .ConfigureAwait(false);
                return new LeafCertificate(request.Name, cert, chain, key, RootPath);
        }
    }

    public Task<LeafCertificate> ValidAsync(string name, IReadOnlyList<string> ips, IReadOnlyList<string>? dns = null, TestKeyKind key = TestKeyKind.EcP256) =>
        IssueAsync(new LeafRequest { Name = name, IpAddresses = ips, DnsNames = dns ?? [], Key = key });

    public Task<LeafCertificate> ExpiredAsync(string name, IReadOnlyList<string> ips, IReadOnlyList<string>? dns = null) =>
        IssueAsync(new LeafRequest
        {
            Name = name,
            IpAddresses = ips,
            DnsNames = dns ?? [],
            NotBefore = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero),
            NotAfter = new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero),
        });

    public Task<LeafCertificate> ExpiringInAsync(TimeSpan remaining, string name, IReadOnlyList<string> ips, IReadOnlyList<string>? dns = null) =>
        IssueAsync(new LeafRequest
        {
            Name = name,
            IpAddresses = ips,
            DnsNames = dns ?? [],
            NotAfter = DateTimeOffset.UtcNow.Add(remaining),
        });

    public Task<LeafCertificate> SelfSignedAsync(string name, IReadOnlyList<string> ips, IReadOnlyList<string>? dns = null, TestKeyKind key = TestKeyKind.EcP256) =>
        IssueAsync(new LeafRequest { Name = name, IpAddresses = ips, DnsNames = dns ?? [], Issuer = LeafIssuer.Self, Key = key });

    public Task<LeafCertificate> WeakKeyAsync(string name, IReadOnlyList<string> ips, IReadOnlyList<string>? dns = null) =>
        IssueAsync(new LeafRequest { Name = name, IpAddresses = ips, DnsNames = dns ?? [], Key = TestKeyKind.Rsa1024 });

    public Task<LeafCertificate> Sha1SignedAsync(string name, IReadOnlyList<string> ips, IReadOnlyList<string>? dns = null) =>
        IssueAsync(new LeafRequest { Name = name, IpAddresses = ips, DnsNames = dns ?? [], Key = TestKeyKind.Rsa2048, Digest = "sha1" });

    public void Dispose() => _dir.Dispose();

    private static async Task SignWithCaAsync(
        string work, string stem, TestKeyKind keyKind, string subjectKey, string subject, string extensions,
        string caCert, string caKey, DateTimeOffset notBefore, DateTimeOffset notAfter, string digest, string outPath)
    {
        var db = Path.Combine(work, stem + "-db");
        Directory.CreateDirectory(db);
        await File.WriteAllTextAsync(Path.Combine(db, "index.txt"), string.Empty).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(db, "serial"), RandomSerial()[2..] + "\n").ConfigureAwait(false);
        var config = new StringBuilder()
            .AppendLine("[ca]").AppendLine("default_ca = CA_default")
            .AppendLine("[CA_default]")
            .AppendLine($"database = {Path.Combine(db, "index.txt")}")
            .AppendLine($"new_certs_dir = {db}")
            .AppendLine($"serial = {Path.Combine(db, "serial")}")
            .AppendLine("policy = policy_any").AppendLine("unique_subject = no").AppendLine("copy_extensions = none")
            .AppendLine("[policy_any]").AppendLine("commonName = supplied").AppendLine("organizationName = optional")
            .AppendLine("[ext]").AppendLine(extensions)
            .ToString();
        var configPath = Path.Combine(db, "ca.cnf");
        await File.WriteAllTextAsync(configPath, config).ConfigureAwait(false);
        var csr = Path.Combine(db, "req.csr");
        await RunOpensslAsync(work, ["req", "-new", .. NewKeyArguments(keyKind, subjectKey), "-subj", subject, "-out", csr]).ConfigureAwait(false);
        await RunOpensslAsync(work,
            "ca", "-batch", "-notext", "-config", configPath, "-cert", caCert, "-keyfile", caKey, "-in", csr, "-out", outPath,
            "-startdate", AsnTime(notBefore), "-enddate", AsnTime(notAfter), "-extensions", "ext", "-md", digest).ConfigureAwait(false);
    }

    // Key generation rides on the req call (one process fewer per certificate); -nodes writes an unencrypted PKCS#8 key.
    private static string[] NewKeyArguments(TestKeyKind kind, string keyPath) => kind switch
    {
        TestKeyKind.EcP256 => ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", keyPath],
        TestKeyKind.Rsa2048 => ["-newkey", "rsa:2048", "-nodes", "-keyout", keyPath],
        TestKeyKind.Rsa1024 => ["-newkey", "rsa:1024", "-nodes", "-keyout", keyPath],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static string AsnTime(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMddHHmmss'Z'", CultureInfo.InvariantCulture);

    // Even number of hex digits and a positive leading byte: openssl's serial file parser needs both.
    private static string RandomSerial()
    {
        var bytes = RandomNumberGenerator.GetBytes(8);
        bytes[0] = (byte)((bytes[0] & 0x7F) | 0x10);
        return "0x" + Convert.ToHexString(bytes);
    }

    private static Task<ProcessResult> RunOpensslAsync(string? workDir, params string[] args) =>
        ProcessRunner.RunAsync("openssl", args, OpensslTimeout, workDir);
}
