using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using PreflightCheck.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace PreflightCheck.IntegrationTests.InfrastructureTests;

public sealed class RegistryServerTests(PkiFixture pki, ITestOutputHelper output) : IClassFixture<PkiFixture>
{
    [Theory]
    [InlineData(nameof(RegistryTls.FullChain))]
    [InlineData(nameof(RegistryTls.ExpiringSoon))]
    public async Task StartAsync_WhenTrustedVariant_V2AnswersOkOverValidatedTls(string variant)
    {
        await using var registry = await StartAsync(new RegistryOptions { Tls = Enum.Parse<RegistryTls>(variant) });
        var seen = new TlsObservation();
        using var client = TestHttp.Create(pki.Certificates.RootPath, seen);

        using var response = await client.GetAsync(new Uri(registry.BaseUri, "/v2/"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("registry/2.0", response.Headers.GetValues("Docker-Distribution-API-Version").Single());
        Assert.True(seen.Trusted);
        Assert.Equal(2, seen.SentChain.Count);
        Assert.StartsWith("https://127.", registry.BaseUri.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(RegistryTls.LeafOnly), X509ChainStatusFlags.PartialChain, 1)]
    [InlineData(nameof(RegistryTls.SelfSigned), X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain, 1)]
    [InlineData(nameof(RegistryTls.Expired), X509ChainStatusFlags.NotTimeValid, 2)]
    public async Task StartAsync_WhenBrokenChainVariant_ClientRejectsWithMatchingChainStatus(string variant, X509ChainStatusFlags anyOf, int sentCertificates)
    {
        await using var registry = await StartAsync(new RegistryOptions { Tls = Enum.Parse<RegistryTls>(variant) });
        var seen = new TlsObservation();
        using var client = TestHttp.Create(pki.Certificates.RootPath, seen);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri(registry.BaseUri, "/v2/")));

        Assert.False(seen.Trusted);
        Assert.NotEqual(X509ChainStatusFlags.NoError, seen.ChainStatus & anyOf);
        Assert.Equal(sentCertificates, seen.SentChain.Count);
    }

    [Fact]
    public async Task StartAsync_WhenWrongHostName_ChainValidButNameMismatch()
    {
        await using var registry = await StartAsync(new RegistryOptions { Tls = RegistryTls.WrongHostName });
        var seen = new TlsObservation();
        using var client = TestHttp.Create(pki.Certificates.RootPath, seen);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri(registry.BaseUri, "/v2/")));

        Assert.True(seen.PolicyErrors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.Equal(X509ChainStatusFlags.NoError, seen.ChainStatus);
        using var leaf = registry.Leaf!.LoadCertificate();
        Assert.False(leaf.MatchesHostname(registry.Address.ToString()));
    }

    [Fact]
    public async Task StartAsync_WhenPlainHttp_V2AnswersOverHttp()
    {
        await using var registry = await StartAsync(new RegistryOptions { Tls = RegistryTls.PlainHttp });
        using var client = TestHttp.Create(null);

        using var response = await client.GetAsync(new Uri(registry.BaseUri, "/v2/"));

        Assert.Equal("http", registry.BaseUri.Scheme);
        Assert.Null(registry.Leaf);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(nameof(RegistryTls.WeakKey), 1024)]
    [InlineData(nameof(RegistryTls.Sha1Signature), 2048)]
    public async Task StartAsync_WhenWeakVariant_ServesTheWeakLeaf(string variant, int keySize)
    {
        await using var registry = await StartAsync(new RegistryOptions { Tls = Enum.Parse<RegistryTls>(variant) });

        // openssl s_client shows exactly what the server sends, whatever this runtime's TLS policy thinks of it.
        var served = await ProcessRunner.RunAsync(
            "openssl", ["s_client", "-connect", registry.HostPort, "-showcerts", "-brief", "-verify_quiet"], TimeSpan.FromSeconds(15),
            standardInput: string.Empty, throwOnFailure: false);
        var text = served.StandardOutput + served.StandardError;

        using var leaf = registry.Leaf!.LoadCertificate();
        using var rsa = leaf.GetRSAPublicKey();
        Assert.Equal(keySize, rsa!.KeySize);
        Assert.Contains("CONNECTION ESTABLISHED", text, StringComparison.Ordinal);
        Assert.Contains($"Peer certificate: CN = registry-{variant.ToLowerInvariant()}", text, StringComparison.Ordinal);

        // Worth knowing for TLS rules: this runtime's handshake and custom-root chain build accept both weaknesses,
        // so a checker has to inspect key sizes and signature algorithms itself.
        var seen = new TlsObservation();
        using var client = TestHttp.Create(pki.Certificates.RootPath, seen);
        using var response = await client.GetAsync(new Uri(registry.BaseUri, "/v2/"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(seen.Trusted);
    }

    [Theory]
    [InlineData(null, "tls1,tls1_1", "tls1_2,tls1_3")]
    [InlineData("tls1.0", "", "tls1,tls1_1,tls1_2")]
    public async Task StartAsync_WhenMinimumTlsSet_OldProtocolsAcceptedOnlyWhenAllowed(string? minimumTls, string refused, string accepted)
    {
        await using var registry = await StartAsync(new RegistryOptions { MinimumTls = minimumTls });

        foreach (var protocol in refused.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.False(await HandshakeAsync(registry, protocol), protocol);
        }

        foreach (var protocol in accepted.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.True(await HandshakeAsync(registry, protocol), protocol);
        }
    }

    [Fact]
    public async Task Requests_WhenClientCallsTwiceOnOneConnection_LogsBothRequestsAndOneRemoteAddress()
    {
        await using var registry = await StartAsync(new RegistryOptions { Auth = RegistryAuth.Basic });
        using var client = TestHttp.Create(pki.Certificates.RootPath);

        using (await client.GetAsync(new Uri(registry.BaseUri, "/v2/")))
        {
        }

        using (var authed = new HttpRequestMessage(HttpMethod.Get, new Uri(registry.BaseUri, "/v2/")) { Headers = { Authorization = TestHttp.Basic(registry.Username, registry.Password) } })
        using (await client.SendAsync(authed))
        {
        }

        var requests = await WaitForRequestsAsync(registry, 2);
        Assert.True(new[] { 401, 200 }.SequenceEqual(requests.Select(r => r.Status)), registry.ReadLog());
        Assert.All(requests, r => Assert.Equal(("GET", "/v2/"), (r.Method, r.Uri)));
        Assert.Single(registry.RemoteAddresses());
    }

    [Fact]
    public async Task StartAsync_WhenBasicAuth_401WithoutAnd200WithCredentials()
    {
        await using var registry = await StartAsync(new RegistryOptions { Auth = RegistryAuth.Basic });
        using var client = TestHttp.Create(pki.Certificates.RootPath);
        var v2 = new Uri(registry.BaseUri, "/v2/");

        using var anonymous = await client.GetAsync(v2);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, v2) { Headers = { Authorization = TestHttp.Basic(registry.Username, "not-the-password") } };
        using var wrongResponse = await client.SendAsync(wrong);
        using var right = new HttpRequestMessage(HttpMethod.Get, v2) { Headers = { Authorization = TestHttp.Basic(registry.Username, registry.Password) } };
        using var rightResponse = await client.SendAsync(right);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Basic realm=\"preflight-basic-realm\"", anonymous.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rightResponse.StatusCode);
        Assert.DoesNotContain(registry.Password, registry.ReadLog(), StringComparison.Ordinal);
        Assert.DoesNotContain(registry.Password, await File.ReadAllTextAsync(registry.ConfigPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_WhenAnonymous_CatalogIsReachableWithoutCredentials()
    {
        await using var registry = await StartAsync(new RegistryOptions());
        using var client = TestHttp.Create(pki.Certificates.RootPath);

        using var response = await client.GetAsync(new Uri(registry.BaseUri, "/v2/_catalog"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"repositories":[]}""", (await response.Content.ReadAsStringAsync()).Trim());
    }

    [Fact]
    public async Task DisposeAsync_WhenRunning_KillsProcessClosesPortAndDeletesFiles()
    {
        var registry = await StartAsync(new RegistryOptions());
        var storage = registry.StorageDirectory;
        var endpoint = registry.EndPoint;
        Assert.True(Directory.Exists(storage));
        Assert.False(registry.HasExited);

        await registry.DisposeAsync();

        Assert.True(registry.HasExited);
        Assert.False(Directory.Exists(storage));
        Assert.False(await Loopback.WaitForPortAsync(endpoint, TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Watchdog_WhenHostPipeCloses_RegistryExitsAndPortCloses()
    {
        await using var registry = await StartAsync(new RegistryOptions { Tls = RegistryTls.PlainHttp });
        var endpoint = registry.EndPoint;

        registry.CloseWatchdogPipe();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!registry.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(registry.HasExited);
        Assert.False(await Loopback.WaitForPortAsync(endpoint, TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task StartAsync_WhenSeveralInParallel_EachGetsItsOwnEndpoint()
    {
        var started = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => StartAsync(new RegistryOptions())));
        try
        {
            Assert.Equal(4, started.Select(r => r.HostPort).Distinct().Count());
            using var client = TestHttp.Create(pki.Certificates.RootPath);
            foreach (var r in started)
            {
                using var response = await client.GetAsync(new Uri(r.BaseUri, "/v2/"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            output.WriteLine("parallel start times (ms): " + string.Join(", ", started.Select(r => r.StartupTime.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture))));
        }
        finally
        {
            foreach (var r in started)
            {
                await r.DisposeAsync();
            }
        }
    }

    private static async Task<bool> HandshakeAsync(RegistryServer registry, string protocol)
    {
        // SECLEVEL=0 lets this OpenSSL offer TLS 1.0/1.1 at all; the verdict is then the server's.
        var result = await ProcessRunner.RunAsync(
            "openssl", ["s_client", "-connect", registry.HostPort, "-" + protocol, "-cipher", "DEFAULT@SECLEVEL=0", "-brief"],
            TimeSpan.FromSeconds(15), standardInput: string.Empty, throwOnFailure: false);
        return (result.StandardOutput + result.StandardError).Contains("CONNECTION ESTABLISHED", StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<RegistryRequestRecord>> WaitForRequestsAsync(RegistryServer registry, int count)
    {
        // The registry writes its log line just after the response; give the pipe a moment.
        for (var i = 0; i < 100 && registry.Requests().Count < count; i++)
        {
            await Task.Delay(20);
        }

        return registry.Requests();
    }

    private async Task<RegistryServer> StartAsync(RegistryOptions options)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var registry = await RegistryServer.StartAsync(options with { Certificates = pki.Certificates });
        output.WriteLine($"registry {options.Tls}/{options.Auth} on {registry.HostPort}: total start {sw.ElapsedMilliseconds} ms (process to port {registry.StartupTime.TotalMilliseconds:0} ms)");
        return registry;
    }
}
