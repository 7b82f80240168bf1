using PreflightCheck.Collectors;
using PreflightCheck.Tests.Collectors;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using static PreflightCheck.IntegrationTests.Registry.CollectorHarness;

namespace PreflightCheck.IntegrationTests.Registry;

public sealed class RegistryCollectorTests : IDisposable
{
    private readonly TestPki _pki = TestPki.Create(extraDnsNames: ["auth.test", "cdn.test"]);

    public void Dispose() => _pki.Dispose();

    private Task<FakeServer> Https(RequestDelegate handler, bool sendIntermediate = true) =>
        FakeServer.StartAsync(handler, _pki.Leaf, sendIntermediate ? [_pki.Intermediate] : null);

    private static string Image(int port, FakeImage image) => $"registry.test:{port}/team/model@{image.Digest}";

    [Fact]
    public async Task BasicAuthRegistry_WhenEverythingIsRight_AllRulesPassOrAreHonest()
    {
        var image = FakeImage.Create();
        await using var server = await Https(FakeRegistry.Registry("basic", [image]));
        var counters = new CollectorCounters();
        var facts = await CollectAsync(Plan(Image(server.Port, image)), Context([("registry.test", server.Port)], _pki.RootPemPath, _pki.RootPemPath, counters: counters));

        var registry = Assert.Single(facts.Registries);
        Assert.Equal(AddressSource.Resolve, registry.Resolution.Source);
        Assert.Equal(401, registry.Api.StatusCode);
        Assert.Equal("registry/2.0", registry.Api.ApiVersion);
        Assert.Equal(AuthScheme.Basic, registry.Api.Challenge!.Scheme);
        var img = Assert.Single(registry.Images);
        Assert.Equal(PullAccess.Granted, img.Auth.Access);
        Assert.Equal(image.Digest, img.Manifest!.ComputedDigest);
        Assert.Equal("amd64", img.Manifest.Config!.Architecture);
        Assert.Equal(["/usr/bin/serve"], img.Manifest.Config.Entrypoint);
        Assert.False(img.Anonymous!.Served);

        var tls = Assert.Single(facts.TlsEndpoints);
        Assert.True(tls.SpeaksTls);
        Assert.Equal(["CN=registry.test", "CN=PFC Test Intermediate"], tls.Chain.Select(c => c.Subject));
        Assert.True(tls.Verdict!.TrustedByPublicRoots);
        Assert.True(tls.Verdict.ChainComplete);
        Assert.Equal(LegacyProtocolResult.Refused, tls.Tls10);
        Assert.Equal(LegacyProtocolResult.Refused, tls.Tls11);

        var outcomes = Judge(facts);
        foreach (var (id, finding) in outcomes)
        {
            Assert.True(finding.Outcome == Outcome.Pass || (id is "PFC-REG-010" or "PFC-REG-011" or "PFC-REG-012" or "PFC-REG-013" or "PFC-REG-014" && finding.Outcome == Outcome.NotApplicable), $"{id}: {finding.Outcome}: {finding.Message}");
        }

        // /v2/, anonymous HEAD, manifest GET, config GET on the registry: nothing more than the checks need.
        Assert.Equal(4, server.Seen.Count);
        Assert.Equal(4, counters.Requests);
    }

    [Fact]
    public async Task PublicRoots_WhenDefaultMozillaSet_PrivateCaFailsEvenThoughClientTrustsIt()
    {
        var image = FakeImage.Create();
        await using var server = await Https(FakeRegistry.Registry("basic", [image]));
        var facts = await CollectAsync(Plan(Image(server.Port, image)), Context([("registry.test", server.Port)], publicRoots: null, trustRoots: _pki.RootPemPath));
        var outcomes = Judge(facts);
        Assert.Equal(Outcome.Fail, outcomes["PFC-TLS-002"].Outcome);
        Assert.Equal(Outcome.Pass, outcomes["PFC-REG-005"].Outcome);
        Assert.StartsWith("mozilla (", facts.TlsEndpoints[0].Verdict!.RootSet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BearerRegistry_WhenTheTokenRealmsCertificateIsNotTrusted_CredentialsAreUnknownNamingTls002NotFailed()
    {
        var image = FakeImage.Create();
        using var other = TestPki.Create("auth.test");
        await using var auth = await FakeServer.StartAsync(FakeRegistry.TokenServer(), other.Leaf, [other.Intermediate]);
        await using var server = await Https(FakeRegistry.Registry("bearer", [image], realm: $"https://auth.test:{auth.Port}/token"));
        var facts = await CollectAsync(Plan(Image(server.Port, image)), Context([("registry.test", server.Port), ("auth.test", auth.Port)], _pki.RootPemPath));

        var outcomes = Judge(facts);
        Assert.Equal(Outcome.Pass, outcomes["PFC-REG-002"].Outcome);
        Assert.Equal(Outcome.Unknown, outcomes["PFC-REG-004"].Outcome);
        Assert.Contains("PFC-TLS-002", outcomes["PFC-REG-004"].Message, StringComparison.Ordinal);
        Assert.Contains("--registry-ca FILE", outcomes["PFC-REG-004"].Message, StringComparison.Ordinal);
        Assert.Empty(auth.Seen);
        Assert.Equal(Outcome.Fail, Judge(facts, $"endpoint https://auth.test:{auth.Port}")["PFC-TLS-002"].Outcome);
    }

    [Fact]
    public async Task UntrustedRegistry_WhenNoRootOptionCoversIt_SendsNoRequestAndNeverTriesPlainHttp()
    {
        var image = FakeImage.Create();
        await using var server = await Https(FakeRegistry.Registry("basic", [image]));
        var facts = await CollectAsync(Plan(Image(server.Port, image)), Context([("registry.test", server.Port)]));

        var registry = Assert.Single(facts.Registries);
        Assert.Equal(("https", CollectionStatus.Invalid), (registry.Api.Scheme, registry.Api.Status));
        Assert.Contains("PFC-TLS-002", registry.Api.Message, StringComparison.Ordinal);
        Assert.Empty(server.Seen);
        var outcomes = Judge(facts);
        Assert.Equal(Outcome.Unknown, outcomes["PFC-REG-002"].Outcome);
        Assert.Equal(Outcome.Fail, outcomes["PFC-TLS-002"].Outcome);
        Assert.Equal(Outcome.Pass, outcomes["PFC-TLS-001"].Outcome);
    }

    [Fact]
    public async Task LeafOnlyServer_WhenIntermediateNotSent_ChainCompleteFails()
    {
        var image = FakeImage.Create();
        await using var server = await Https(FakeRegistry.Registry("basic", [image]), sendIntermediate: false);
        var facts = await CollectAsync(Plan(Image(server.Port, image)), Context([("registry.test", server.Port)], _pki.RootPemPath, _pki.RootPemPath));
        var outcomes = Judge(facts);
        Assert.Equal(Outcome.Fail, outcomes["PFC-TLS-003"].Outcome);
        Assert.Equal(Outcome.Fail, outcomes["PFC-TLS-002"].Outcome);
        Assert.Contains("PFC Test Intermediate", outcomes["PFC-TLS-003"].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongHostName_WhenReferenceNamesAnotherHost_HostnameFailsAndNoCredentialsSent()
    {
        var image = FakeImage.Create();
        await using var server = await Https(FakeRegistry.Registry("basic", [image]));
        var facts = await CollectAsync(Plan($"other.test:{server.Port}/team/model@{image.Digest}"), Context([("other.test", server.Port)], _pki.RootPemPath, _pki.RootPemPath));
        var outcomes = Judge(facts);
        Assert.Equal(Outcome.Fail, outcomes["PFC-TLS-004"].Outcome);
        Assert.Equal(Outcome.Unknown, outcomes["PFC-REG-004"].Outcome);
        Assert.DoesNotContain(server.Seen, r => r.Authorization is not null);
    }

    [Fact]
    public async Task BearerRegistry_WhenTokenFlowWorks_UsesAccessTokenAndRecordsRealm()
    {
        var image = FakeImage.Create();
        await using var auth = await FakeServer.StartAsync(FakeRegistry.TokenServer(), _pki.Leaf, [_pki.Intermediate]);
        await using var server2 = await Https(FakeRegistry.Registry("bearer", [image], realm: $"https://auth.test:{auth.Port}/token"));
        var facts = await CollectAsync(Plan(Image(server2.Port, image)), Context([("registry.test", server2.Port), ("auth.test", auth.Port)], _pki.RootPemPath, _pki.RootPemPath));
        var img = facts.Registries[0].Images[0];
        Assert.True(img.Auth.Access == PullAccess.Granted, Serialize(facts));
        Assert.Equal("access_token", img.Auth.TokenRealm!.TokenField);
        Assert.Equal(300, img.Auth.TokenRealm.ExpiresIn);
        Assert.True(img.Auth.TokenRealm.CredentialsSent);
        Assert.Contains(auth.Seen, r => r.PathAndQuery.Contains("scope=repository%3Ateam%2Fmodel%3Apull", StringComparison.Ordinal) && r.PathAndQuery.Contains("service=registry.test", StringComparison.Ordinal));
        Assert.Equal(2, facts.TlsEndpoints.Count);
        Assert.Contains(facts.TlsEndpoints, t => t.Role == TlsEndpointRole.TokenRealm && t.Port == auth.Port && t.SpeaksTls == true);
        var outcomes = Judge(facts);
        Assert.Equal(Outcome.Pass, outcomes["PFC-REG-010"].Outcome);
        Assert.Equal(Outcome.Pass, outcomes["PFC-REG-004"].Outcome);
        Assert.Equal(Outcome.Pass, outcomes["PFC-REG-008"].Outcome);
    }

    [Fact]
    public async Task BearerRegistry_WhenRealmIsInstanceMetadata_RefusesAndSendsNothing()
    {
        var image = FakeImage.Create();
        await using var server = await Https(FakeRegistry.Registry("bearer", [image], realm: "https://169.254.169.254/latest/api/token"));
        var counters = new CollectorCounters();
        var facts = await CollectAsync(Plan(Image(server.Port, image)), Context([("registry.test", server.Port)], _pki.RootPemPath, _pki.RootPemPath, counters: counters));
        var realm = facts.Registries[0].Images[0].Auth.TokenRealm!;
        Assert.True(realm.IsLinkLocalOrMetadata);
        Assert.False(realm.CredentialsSent);
        var outcomes = Judge(facts);
        Assert.Equal(Outcome.Fail, outcomes["PFC-REG-010"].Outcome);
        Assert.Single(facts.TlsEndpoints);
    }

    [Fact]
    public async Task BearerRegistry_WhenRealmIsPlainHttp_FailsWithoutSendingCredentials()
    {
        var image = FakeImage.Create();
        await using var auth = await FakeServer.StartAsync(FakeRegistry.TokenServer());
        await using var server = await Https(FakeRegistry.Registry("bearer", [image], realm: $"http://auth.test:{auth.Port}/token"));
        var facts = await CollectAsync(Plan(Image(server.Port, image)), Context([("registry.test", server.Port), ("auth.test", auth.Port)], _pki.RootPemPath, _pki.RootPemPath));
        Assert.Equal(Outcome.Fail, Judge(facts)["PFC-REG-010"].Outcome);
        Assert.DoesNotContain(auth.Seen, r => r.Authorization is not null);
    }

    [Theory]
    [InlineData(500, "{\"error\":\"boom\"}", "answered 500")]
    [InlineData(200, "<html>not json</html>", "did not answer JSON")]
    [InlineData(200, "{\"nothing\":1}", "neither 'token' nor 'access_token'")]
    public async Task TokenEndpoint_WhenBroken_CredentialsAreUnknownWithReason(int status, string body, string reason)
    {
        var image = FakeImage.Create();
        await using var auth = await FakeServer.StartAsync(FakeRegistry.TokenServer(status, body), _pki.Leaf, [_pki.Intermediate]);
        await using var server = await Https(FakeRegistry.Registry("bearer", [image], realm: $"https://auth.test:{auth.Port}/token"));
        var facts = await CollectAsync(Plan(Image(server.Port, image)), Context([("registry.test", server.Port), ("auth.test", auth.Port)], _pki.RootPemPath, _pki.RootPemPath));
        var finding = Judge(facts)["PFC-REG-004"];
        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains(reason, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongPassword_WhenBasicAuth_CredentialsFail()
    {
        var image = FakeImage.Create();
        await using var server = await Https(FakeRegistry.Registry("basic", [image]));
        var facts = await CollectAsync(Plan(Image(server.Port, image)), Context([("registry.test", server.Port)], _pki.RootPemPath, _pki.RootPemPath, credentials: new FlagRegistryCredentials(FakeRegistry.User, "wrong")));
        var outcomes = Judge(facts);
        Assert.Equal(Outcome.Fail, outcomes["PFC-REG-004"].Outcome);
        Assert.Equal(Outcome.Unknown, outcomes["PFC-REG-005"].Outcome);
    }

    [Fact]
    public async Task AnonymousRegistry_WhenNoAuth_AnonymousPullWarnsAndAuthConfigNoted()
    {
        var image = FakeImage.Create();
        await using var server = await Https(FakeRegistry.Registry("none", [image]));
        var facts = await CollectAsync(Plan(Image(server.Port, image)), Context([("registry.test", server.Port)], _pki.RootPemPath, _pki.RootPemPath));
        var outcomes = Judge(facts);
        Assert.Equal(Outcome.Fail, outcomes["PFC-REG-008"].Outcome);
        Assert.Equal(Outcome.Pass, outcomes["PFC-REG-003"].Outcome);
        Assert.Contains("not needed", outcomes["PFC-REG-003"].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Seen, r => r.Authorization is not null);
    }

    [Fact]
    public async Task BasicRegistry_WhenContainerHasNoAuthConfig_AuthConfigFails()
    {
        var image = FakeImage.Create();
        await using var server = await Https(FakeRegistry.Registry("basic", [image]));
        var facts = await CollectAsync(Plan(Image(server.Port, image), authConfig: false), Context([("registry.test", server.Port)], _pki.RootPemPath, _pki.RootPemPath));
        Assert.Equal(Outcome.Fail, Judge(facts)["PFC-REG-003"].Outcome);
    }

    [Fact]
    public async Task PlainHttpRegistry_WhenCredentialsGiven_NeverSendsThemAndHttpsOnlyFails()
    {
        var image = FakeImage.Create();
        await using var server = await FakeServer.StartAsync(FakeRegistry.Registry("basic", [image]));
        var facts = await CollectAsync(Plan(Image(server.Port, image)), Context([("registry.test", server.Port)], _pki.RootPemPath, _pki.RootPemPath));
        Assert.Equal("http", facts.Registries[0].Api.Scheme);
        Assert.DoesNotContain(server.Seen, r => r.Authorization is not null);
        var outcomes = Judge(facts);
        Assert.Equal(Outcome.Fail, outcomes["PFC-TLS-001"].Outcome);
        Assert.Equal(Outcome.Unknown, outcomes["PFC-REG-004"].Outcome);
        Assert.Contains("plain HTTP", outcomes["PFC-REG-004"].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlobRedirect_WhenToAnotherHost_DropsAuthorization()
    {
        var image = FakeImage.Create();
        await using var cdn = await FakeServer.StartAsync(async ctx => await ctx.Response.Body.WriteAsync(image.Config), _pki.Leaf, [_pki.Intermediate]);
        await using var server2 = await Https(FakeRegistry.Registry("basic", [image], blobRedirect: $"https://cdn.test:{cdn.Port}/blobs/"));
        var facts = await CollectAsync(Plan(Image(server2.Port, image)), Context([("registry.test", server2.Port), ("cdn.test", cdn.Port)], _pki.RootPemPath, _pki.RootPemPath));
        Assert.True("amd64" == facts.Registries[0].Images[0].Manifest!.Config!.Architecture, Serialize(facts));
        var fetched = Assert.Single(cdn.Seen);
        Assert.Null(fetched.Authorization);
        Assert.Contains(server2.Seen, r => r.Authorization == FakeRegistry.BasicValue);
    }

    [Fact]
    public async Task Manifest_WhenBytesDoNotHashToDigest_ManifestExistsFails()
    {
        var image = FakeImage.Create();
        await using var server = await Https(FakeRegistry.Registry("basic", [image], overrideManifest: "{\"schemaVersion\":2,\"tampered\":true}"));
        var facts = await CollectAsync(Plan(Image(server.Port, image)), Context([("registry.test", server.Port)], _pki.RootPemPath, _pki.RootPemPath));
        var finding = Judge(facts)["PFC-REG-005"];
        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("hashes to", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manifest_WhenMissing_ManifestExistsFails()
    {
        var image = FakeImage.Create();
        var other = FakeImage.Create("arm64");
        await using var server = await Https(FakeRegistry.Registry("basic", [image]));
        var facts = await CollectAsync(Plan(Image(server.Port, other)), Context([("registry.test", server.Port)], _pki.RootPemPath, _pki.RootPemPath));
        Assert.Equal(Outcome.Fail, Judge(facts)["PFC-REG-005"].Outcome);
    }

    [Fact]
    public async Task ManifestList_WhenAmdAndArm_ResolvesPlatformsAndConfigs()
    {
        var amd = FakeImage.Create("amd64");
        var arm = FakeImage.Create("arm64", entrypoint: "null");
        var index = FakeRegistry.Index(amd, arm);
        await using var server = await Https(FakeRegistry.Registry("basic", [amd, arm], index: index));
        var facts = await CollectAsync(Plan($"registry.test:{server.Port}/team/model@{FakeImage.Sha(index)}", true, "ml.m5.large", "ml.c7g.large"), Context([("registry.test", server.Port)], _pki.RootPemPath, _pki.RootPemPath));
        var manifest = facts.Registries[0].Images[0].Manifest!;
        Assert.True(manifest.IsIndex);
        Assert.Equal(["amd64", "arm64"], manifest.Platforms.Select(p => p.Architecture));
        Assert.Equal("arm64", manifest.Platforms[1].Config!.Architecture);
        var outcomes = Judge(facts);
        Assert.Equal(Outcome.Pass, outcomes["PFC-REG-007"].Outcome);
        Assert.Equal(Outcome.Unknown, outcomes["PFC-REG-009"].Outcome);
    }

    [Theory]
    [InlineData("arm64", "ml.c7g.large", true)]
    [InlineData("amd64", "ml.c7g.large", false)]
    [InlineData("arm64", "ml.m5.large", false)]
    public async Task SingleArch_ByInstanceType_PlatformRule(string arch, string instanceType, bool passes)
    {
        var image = FakeImage.Create(arch);
        await using var server = await Https(FakeRegistry.Registry("basic", [image]));
        var facts = await CollectAsync(Plan(Image(server.Port, image), true, instanceType), Context([("registry.test", server.Port)], _pki.RootPemPath, _pki.RootPemPath));
        Assert.Equal(passes ? Outcome.Pass : Outcome.Fail, Judge(facts)["PFC-REG-007"].Outcome);
    }

    [Fact]
    public async Task OciManifest_WhenPushedAsOci_MediaTypeWarns()
    {
        var image = FakeImage.Create(mediaType: RegistryMediaTypes.OciManifest);
        await using var server = await Https(FakeRegistry.Registry("basic", [image]));
        var facts = await CollectAsync(Plan(Image(server.Port, image)), Context([("registry.test", server.Port)], _pki.RootPemPath, _pki.RootPemPath));
        var outcomes = Judge(facts);
        Assert.Equal(Outcome.Fail, outcomes["PFC-REG-006"].Outcome);
        Assert.Equal(Outcome.Pass, outcomes["PFC-REG-005"].Outcome);
    }

    [Fact]
    public async Task HtmlOnV2_WhenWebServer_ApiRuleFails()
    {
        await using var server = await Https(async ctx => { ctx.Response.ContentType = "text/html"; await ctx.Response.WriteAsync("<html><body>Welcome</body></html>"); });
        var facts = await CollectAsync(Plan(Image(server.Port, FakeImage.Create())), Context([("registry.test", server.Port)], _pki.RootPemPath, _pki.RootPemPath));
        var outcomes = Judge(facts);
        Assert.Equal(Outcome.Fail, outcomes["PFC-REG-002"].Outcome);
        Assert.Contains("HTML", outcomes["PFC-REG-002"].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GarbageChallenge_WhenUnparseable_NoCrashAndCredentialsUnknown()
    {
        await using var server = await Https(ctx =>
        {
            ctx.Response.StatusCode = 401;
            ctx.Response.Headers.WWWAuthenticate = "Bearer realm=\"https://auth.test/token, service=\"x";
            return Task.CompletedTask;
        });
        var facts = await CollectAsync(Plan(Image(server.Port, FakeImage.Create())), Context([("registry.test", server.Port)], _pki.RootPemPath, _pki.RootPemPath));
        var outcomes = Judge(facts);
        Assert.Equal(Outcome.Pass, outcomes["PFC-REG-002"].Outcome);
        Assert.Equal(Outcome.Unknown, outcomes["PFC-REG-004"].Outcome);
        Assert.Equal(Outcome.Unknown, outcomes["PFC-REG-010"].Outcome);
    }

    [Fact]
    public async Task HangingRegistry_WhenAcceptsAndSaysNothing_TimesOutQuicklyAsUnknown()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var held = new List<TcpClient>();
        using var stop = new CancellationTokenSource();
        var accept = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    held.Add(await listener.AcceptTcpClientAsync(stop.Token));
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        var watch = Stopwatch.StartNew();
        var facts = await CollectAsync(Plan($"registry.test:{port}/team/model@{FakeImage.Create().Digest}"), Context([("registry.test", port)], _pki.RootPemPath, _pki.RootPemPath, timeout: TimeSpan.FromSeconds(1)));
        watch.Stop();
        await stop.CancelAsync();
        await accept;
        held.ForEach(c => c.Dispose());

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"took {watch.Elapsed}");
        Assert.Equal(CollectionStatus.Timeout, facts.TlsEndpoints[0].Status);
        var outcomes = Judge(facts);
        Assert.Equal(Outcome.Unknown, outcomes["PFC-REG-002"].Outcome);
        Assert.Equal(Outcome.Unknown, outcomes["PFC-TLS-001"].Outcome);
    }

    [Fact]
    public async Task OverallDeadline_WhenRegistryHangs_StopsTheCollectionAsTimeout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var context = Context([("registry.test", port)], _pki.RootPemPath, _pki.RootPemPath, timeout: TimeSpan.FromSeconds(30)) with { Deadline = DateTimeOffset.UtcNow.AddSeconds(1) };
        var watch = Stopwatch.StartNew();
        var facts = await new PreflightCheck.Collectors.Registry.RegistryCollector().CollectIntoAsync(Plan($"registry.test:{port}/team/model:v1"), context, CancellationToken.None);
        watch.Stop();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(6), $"took {watch.Elapsed}");
        var run = Assert.Single(facts.Collectors);
        Assert.Equal(CollectionStatus.Timeout, run.Status);
        Assert.Equal(Outcome.Unknown, Judge(facts)["PFC-REG-002"].Outcome);
    }

    [Fact]
    public async Task EndlessManifest_WhenBodyNeverEnds_CapStopsIt()
    {
        var image = FakeImage.Create();
        await using var server = await Https(async ctx =>
        {
            if (ctx.Request.Path == "/v2/")
            {
                await ctx.Response.WriteAsync("{}");
                return;
            }

            ctx.Response.ContentType = RegistryMediaTypes.DockerManifest;
            var chunk = new byte[65536];
            for (var i = 0; i < 200 && !ctx.RequestAborted.IsCancellationRequested; i++)
            {
                await ctx.Response.Body.WriteAsync(chunk, ctx.RequestAborted);
            }
        });
        var facts = await CollectAsync(Plan(Image(server.Port, image)), Context([("registry.test", server.Port)], _pki.RootPemPath, _pki.RootPemPath));
        var manifest = facts.Registries[0].Images[0].Manifest!;
        Assert.Equal(CollectionStatus.Invalid, manifest.Status);
        Assert.Contains("limit", manifest.Message, StringComparison.Ordinal);
        Assert.Equal(Outcome.Unknown, Judge(facts)["PFC-REG-005"].Outcome);
    }

    [Fact]
    public async Task DnsFailure_WhenNameDoesNotResolve_ResolvesFailsOthersUnknown()
    {
        var facts = await CollectAsync(Plan($"nowhere.test:5000/team/model@{FakeImage.Create().Digest}"), Context([], _pki.RootPemPath));
        var outcomes = Judge(facts);
        Assert.Equal(Outcome.Fail, outcomes["PFC-REG-001"].Outcome);
        Assert.Equal(Outcome.Unknown, outcomes["PFC-REG-002"].Outcome);
        Assert.Equal(Outcome.Unknown, outcomes["PFC-REG-005"].Outcome);
        Assert.Equal(Outcome.Unknown, outcomes["PFC-TLS-001"].Outcome);
    }

    [Fact]
    public async Task Secrets_InFactsAndMessages_NeverAppear()
    {
        var image = FakeImage.Create();
        await using var auth = await FakeServer.StartAsync(FakeRegistry.TokenServer(), _pki.Leaf, [_pki.Intermediate]);
        await using var server = await Https(FakeRegistry.Registry("bearer", [image], realm: $"https://auth.test:{auth.Port}/token"));
        var credentials = new FlagRegistryCredentials(FakeRegistry.User, FakeRegistry.Password);
        var facts = await CollectAsync(Plan(Image(server.Port, image)), Context([("registry.test", server.Port), ("auth.test", auth.Port)], _pki.RootPemPath, _pki.RootPemPath, credentials));
        Assert.Equal(PullAccess.Granted, facts.Registries[0].Images[0].Auth.Access);
        var text = Serialize(facts) + string.Join("\n", Judge(facts).Values.Select(f => f.Message + string.Join(",", f.Evidence!.Values))) + credentials;
        var basic = FakeRegistry.BasicValue["Basic ".Length..];
        Assert.DoesNotContain(FakeRegistry.Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeRegistry.Token, text, StringComparison.Ordinal);
        Assert.DoesNotContain(basic, text, StringComparison.Ordinal);
        Assert.Contains("\"UsernameLength\": 6", text, StringComparison.Ordinal);
    }
}
