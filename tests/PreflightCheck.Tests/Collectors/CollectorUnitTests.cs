using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using PreflightCheck.Collectors;
using PreflightCheck.Collectors.Net;
using PreflightCheck.Collectors.Registry;
using PreflightCheck.Collectors.Tls;
using PreflightCheck.Core;
using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;

namespace PreflightCheck.Tests.Collectors;

public class WwwAuthenticateTests
{
    [Fact]
    public void Parse_WhenBearerWithQuotedCommas_KeepsScopeWhole()
    {
        var c = WwwAuthenticate.Parse("Bearer realm=\"https://auth.example.com/token\",service=\"registry.example.com\",scope=\"repository:team/model:pull,push\"")!;
        Assert.Equal(AuthScheme.Bearer, c.Scheme);
        Assert.Equal("https://auth.example.com/token", c.Realm);
        Assert.Equal("registry.example.com", c.Service);
        Assert.Equal("repository:team/model:pull,push", c.Scope);
        Assert.Null(c.Error);
    }

    [Fact]
    public void Parse_WhenBasicWithRealm_IsBasic()
    {
        var c = WwwAuthenticate.Parse("basic realm=\"Registry Realm\"")!;
        Assert.Equal(AuthScheme.Basic, c.Scheme);
        Assert.Equal("Registry Realm", c.Realm);
    }

    [Theory]
    [InlineData("Bearer realm=\"https://a/token")]
    [InlineData("Bearer realm")]
    [InlineData("Bearer service=\"x\"")]
    [InlineData("<html>")]
    public void Parse_WhenGarbage_ReportsErrorInsteadOfThrowing(string header) =>
        Assert.NotNull(WwwAuthenticate.Parse(header)!.Error);

    [Fact]
    public void Parse_WhenEscapedQuote_Unescapes() =>
        Assert.Equal("a\"b", WwwAuthenticate.Parse("Bearer realm=\"a\\\"b\"")!.Realm);

    [Fact]
    public void Parse_WhenTokenValuesUnquoted_Reads() =>
        Assert.Equal("svc", WwwAuthenticate.Parse("Bearer realm=https://a/t, service=svc")!.Service);

    [Fact]
    public void Parse_WhenEmpty_IsNull() => Assert.Null(WwwAuthenticate.Parse("  "));
}

public class ManifestReaderTests
{
    [Fact]
    public void Digest_BySha256AndSha512_MatchesKnownValues()
    {
        var bytes = Encoding.ASCII.GetBytes("abc");
        Assert.Equal("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ManifestReader.Digest(bytes, "sha256"));
        Assert.StartsWith("sha512:ddaf35a193617aba", ManifestReader.Digest(bytes, "sha512"), StringComparison.Ordinal);
        Assert.Equal("sha512", ManifestReader.AlgorithmOf("sha512:00"));
    }

    [Theory]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}", null, RegistryMediaTypes.OciIndex)]
    [InlineData("{\"schemaVersion\":2,\"manifests\":[]}", null, RegistryMediaTypes.OciIndex)]
    [InlineData("{\"schemaVersion\":1,\"name\":\"x\"}", null, RegistryMediaTypes.DockerSchema1Signed)]
    [InlineData("{\"schemaVersion\":2,\"config\":{}}", "application/vnd.oci.image.manifest.v1+json; charset=utf-8", RegistryMediaTypes.OciManifest)]
    public void MediaType_FromBodyOrHeader_IsRead(string body, string? contentType, string expected) =>
        Assert.Equal(expected, ManifestReader.MediaType(Encoding.UTF8.GetBytes(body), contentType));

    [Fact]
    public void IndexEntries_WithAttestation_ReadsPlatforms()
    {
        var body = "{\"manifests\":[{\"mediaType\":\"m\",\"digest\":\"sha256:1\",\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"v8\"}},{\"mediaType\":\"m\",\"digest\":\"sha256:2\",\"platform\":{\"os\":\"unknown\",\"architecture\":\"unknown\"}}]}";
        var entries = ManifestReader.IndexEntries(Encoding.UTF8.GetBytes(body), out var error)!;
        Assert.Null(error);
        Assert.Equal(2, entries.Count);
        Assert.Equal(("linux", "arm64", "v8"), (entries[0].Os, entries[0].Architecture, entries[0].Variant));
    }

    [Fact]
    public void Config_WhenNotJson_IsInvalidNotThrown() =>
        Assert.Equal(CollectionStatus.Invalid, ManifestReader.Config("sha256:x", Encoding.UTF8.GetBytes("<html>")).Status);

    [Fact]
    public void Config_WithEntrypointAndCmd_ReadsThem()
    {
        var config = ManifestReader.Config("sha256:x", Encoding.UTF8.GetBytes("{\"os\":\"linux\",\"architecture\":\"arm64\",\"config\":{\"Entrypoint\":[\"/bin/sh\",\"-c\"],\"Cmd\":null}}"));
        Assert.Equal(["/bin/sh", "-c"], config.Entrypoint);
        Assert.Empty(config.Cmd!);
        Assert.Equal("arm64", config.Architecture);
    }
}

public class NetAndCredentialTests
{
    [Theory]
    [InlineData("169.254.169.254", true)]
    [InlineData("169.254.1.1", true)]
    [InlineData("fd00:ec2::254", true)]
    [InlineData("fe80::1", true)]
    [InlineData("::ffff:169.254.169.254", true)]
    [InlineData("10.0.0.1", false)]
    [InlineData("127.0.0.1", false)]
    public void LinkLocalOrMetadata_ByAddress(string address, bool expected) =>
        Assert.Equal(expected, AddressClass.IsLinkLocalOrMetadata(IPAddress.Parse(address)));

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.31.0.1", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.1.1", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("fd12::1", true)]
    public void Private_ByAddress(string address, bool expected) =>
        Assert.Equal(expected, AddressClass.IsPrivate(IPAddress.Parse(address)));

    [Fact]
    public void ResolveEntry_WhenWellFormed_Parses()
    {
        var entry = ResolveEntry.Parse("Registry.Example.com:5000:10.0.0.5");
        Assert.Equal(("registry.example.com", 5000, IPAddress.Parse("10.0.0.5")), (entry.Host, entry.Port, entry.Address));
        Assert.Equal(IPAddress.Parse("::1"), ResolveEntry.Parse("h:443:[::1]").Address);
    }

    [Theory]
    [InlineData("host:5000")]
    [InlineData("host:x:10.0.0.1")]
    [InlineData("host:5000:not-an-ip")]
    public void ResolveEntry_WhenMalformed_IsInputError(string text) =>
        Assert.Throws<InputException>(() => ResolveEntry.Parse(text));

    [Fact]
    public void Credential_ToStringAndJson_NeverShowPassword()
    {
        var credential = new RegistryCredential("puller", "hunter2-secret", CredentialSourceKind.Flag);
        var json = JsonSerializer.Serialize(credential);
        Assert.DoesNotContain("hunter2", credential.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", json, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", new FlagRegistryCredentials("puller", "hunter2-secret").ToString(), StringComparison.Ordinal);
        Assert.Equal(new RegistryCredentialsInfo(true, CredentialSourceKind.Flag, 6), credential.Info);
    }

    [Fact]
    public void ClientHello_ForTls11_IsAWellFormedRecordOfferingOnlyThatVersion()
    {
        var hello = LegacyProtocolProbe.ClientHello("registry.test", 2);
        Assert.Equal(0x16, hello[0]);
        Assert.Equal(hello.Length - 5, (hello[3] << 8) | hello[4]);
        Assert.Equal(1, hello[5]);
        Assert.Equal(hello.Length - 9, (hello[6] << 16) | (hello[7] << 8) | hello[8]);
        Assert.Equal((3, 2), (hello[9], hello[10]));
        Assert.Contains("registry.test", Encoding.ASCII.GetString(hello), StringComparison.Ordinal);
    }
}

public sealed class TlsVerdictTests : IDisposable
{
    private readonly TestPki _pki = TestPki.Create();

    public void Dispose() => _pki.Dispose();

    private (X509Certificate2Collection, string) Roots(params X509Certificate2[] roots) => (new X509Certificate2Collection(roots), "test");

    [Fact]
    public void Judge_WhenFullChainAndRootPublic_IsTrustedAndComplete()
    {
        var verdict = TlsCollector.Judge([_pki.Leaf, _pki.Intermediate], Roots(_pki.Root), DateTimeOffset.UtcNow);
        Assert.True(verdict.TrustedByPublicRoots);
        Assert.True(verdict.ChainComplete);
        Assert.Equal("CN=PFC Test Root", verdict.Root);
    }

    [Fact]
    public void Judge_WhenLeafOnly_IsIncompleteNamingTheIntermediate()
    {
        var verdict = TlsCollector.Judge([_pki.Leaf], Roots(_pki.Root), DateTimeOffset.UtcNow);
        Assert.False(verdict.TrustedByPublicRoots);
        Assert.False(verdict.ChainComplete);
        Assert.Equal("CN=PFC Test Intermediate", verdict.MissingIssuer);
    }

    [Fact]
    public void Judge_WhenRootNotInPublicSet_IsUntrustedAndCompletenessUnknown()
    {
        using var other = TestPki.Create();
        var verdict = TlsCollector.Judge([_pki.Leaf, _pki.Intermediate], Roots(other.Root), DateTimeOffset.UtcNow);
        Assert.False(verdict.TrustedByPublicRoots);
        Assert.Null(verdict.ChainComplete);
        Assert.NotEmpty(verdict.StatusFlags);
    }

    [Fact]
    public void Judge_WhenLongExpired_StillJudgesTrustOnly()
    {
        var verdict = TlsCollector.Judge([_pki.Leaf, _pki.Intermediate], Roots(_pki.Root), DateTimeOffset.UtcNow.AddYears(3));
        Assert.True(verdict.TrustedByPublicRoots);
    }

    [Fact]
    public void Describe_Leaf_RecordsKeySansAndFingerprint()
    {
        var facts = TlsCollector.Describe(_pki.Leaf);
        Assert.Equal(("RSA", 2048), (facts.KeyAlgorithm, facts.KeySize));
        Assert.Equal("sha256RSA", facts.SignatureAlgorithm);
        Assert.Contains("registry.test", facts.DnsNames);
        Assert.Contains("127.0.0.1", facts.IpAddresses);
        Assert.Equal(64, facts.Sha256Fingerprint.Length);
        Assert.False(facts.IsCa);
        Assert.True(TlsCollector.Describe(_pki.Root).IsSelfSigned);
    }

    [Fact]
    public void PublicRoots_WhenFileGiven_UsesOnlyIt()
    {
        var set = PublicRoots.Load(_pki.RootPemPath);
        Assert.Single(set.Roots);
        Assert.Equal("CN=PFC Test Root", set.Roots[0].Subject);
        Assert.StartsWith("--public-roots ", set.Name, StringComparison.Ordinal);
        Assert.Contains("1 roots", set.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void PublicRoots_Default_IsTheShippedMozillaSetWithItsHeader()
    {
        var set = PublicRoots.Load(null);
        Assert.True(set.Roots.Count > 100, $"{set.Roots.Count} roots");
        Assert.Equal(set.Roots.Count, PublicRoots.ShippedDescription.Count);
        Assert.StartsWith("mozilla (", set.Name, StringComparison.Ordinal);
        Assert.Contains("Debian ca-certificates 20", set.Info.Source, StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", set.Info.Date);
        Assert.All(set.Roots.Cast<X509Certificate2>(), r => Assert.Equal(r.SubjectName.RawData, r.IssuerName.RawData));
        Assert.Equal(set.Roots.Count, set.Roots.Cast<X509Certificate2>().Select(r => r.Thumbprint).Distinct().Count());
        Assert.Same(set, PublicRoots.Load(null));
    }

    [Fact]
    public void PublicRoots_WhenFileIsEmpty_IsAUsageErrorNamingTheFile()
    {
        using var files = new TempFiles();
        var empty = files.Write("empty.pem", "");

        var ex = Assert.Throws<InputException>(() => PublicRoots.Load(empty));

        Assert.Equal(empty, ex.File);
        Assert.StartsWith($"error: {empty}: --public-roots holds no PEM certificate", ex.OneLine(), StringComparison.Ordinal);
    }

    [Fact]
    public void PublicRoots_WhenFileIsMissing_IsAUsageErrorNamingTheFile()
    {
        using var files = new TempFiles();
        var missing = Path.Combine(files.Root, "roots.pem");

        var ex = Assert.Throws<InputException>(() => PublicRoots.Load(missing));

        Assert.Equal(missing, ex.File);
        Assert.Contains("--public-roots could not be read", ex.Message, StringComparison.Ordinal);
    }
}
