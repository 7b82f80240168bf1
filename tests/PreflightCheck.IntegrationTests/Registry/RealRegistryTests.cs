using System.Diagnostics;
using PreflightCheck.Collectors;
using PreflightCheck.Collectors.Registry;
using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using static PreflightCheck.IntegrationTests.Registry.CollectorHarness;

namespace PreflightCheck.IntegrationTests.Registry;

/// <summary>Each REG/TLS rule proved to pass on a healthy docker-registry and to fail on the variant that breaks it.</summary>
public sealed class RealRegistryTests(PkiFixture pki, ITestOutputHelper output) : IClassFixture<PkiFixture>
{
    private string Root => pki.Certificates.RootPath;

    private CollectorContext ContextFor(RegistryServer registry, IRegistryCredentialSource? credentials = null, ICollectorCounters? counters = null) =>
        Context([], Root, Root, credentials ?? new FlagRegistryCredentials(registry.Username, registry.Password), counters: counters);

    private static async Task<PushResult> PushAsync(RegistryServer registry, ImageSpec spec, PushFormat format = PushFormat.DockerV2S2, string tag = "latest", string repository = "team/model")
    {
        using var layout = TestImages.WriteSingle(spec, tag);
        return await TestImages.PushAsync(layout, registry, repository, tag, format);
    }

    [Fact]
    public async Task BasicFullChain_WhenV2S2ImagePushed_EveryRegistryAndTlsRulePasses()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { Certificates = pki.Certificates, Auth = RegistryAuth.Basic });
        var push = await PushAsync(registry, ImageSpec.Amd64);
        var counters = new CollectorCounters();

        var watch = Stopwatch.StartNew();
        var facts = await CollectAsync(Plan($"{registry.HostPort}/team/model@{push.Digest}"), ContextFor(registry, counters: counters));
        watch.Stop();

        var outcomes = Judge(facts);
        foreach (var (id, finding) in outcomes)
        {
            // REG-011..013 need --run-test and REG-014 a VolumeSizeInGB, neither of which this plan has.
            var expected = id is "PFC-REG-010" or "PFC-REG-011" or "PFC-REG-012" or "PFC-REG-013" or "PFC-REG-014" ? Outcome.NotApplicable : Outcome.Pass;
            Assert.True(finding.Outcome == expected, $"{id}: {finding.Outcome}: {finding.Message}");
        }

        var tls = facts.TlsEndpoints.Single();
        Assert.Equal(2, tls.Chain.Count);
        Assert.Contains(tls.NegotiatedProtocol, new[] { "Tls12", "Tls13" });
        var text = Serialize(facts) + string.Join("\n", outcomes.Values.Select(f => f.Message));
        Assert.DoesNotContain(registry.Password, text, StringComparison.Ordinal);
        output.WriteLine($"full check: {watch.ElapsedMilliseconds} ms, {counters.Connections} TCP connections, {counters.Requests} HTTP requests");
    }

    [Fact]
    public async Task Collect_WhenFiftyModelsShareOneImage_AsksTheRegistryOnceAndGivesEachModelTheFacts()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { Certificates = pki.Certificates, Auth = RegistryAuth.Basic });
        var push = await PushAsync(registry, ImageSpec.Amd64);
        var single = Plan($"{registry.HostPort}/team/model@{push.Digest}");
        var template = single.Plan.Models[0];
        var plan = single with { Plan = single.Plan with { Models = [.. Enumerable.Range(0, 50).Select(i => template with { Name = $"model-{i:D2}" })] } };

        var facts = await new RegistryCollector().CollectIntoAsync(plan, ContextFor(registry), CancellationToken.None);

        var images = facts.Registries.Single().Images;
        Assert.Equal(plan.Plan.Models.Select(m => m.Name), images.Select(i => i.Model));
        Assert.All(images, i => Assert.Equal((PullAccess.Granted, 200), (i.Auth.Access, i.Manifest!.StatusCode)));
        var manifestReads = registry.Requests().Count(r => r.Method == "GET" && r.Uri.Contains("/manifests/", StringComparison.Ordinal) && r.Status == 200);
        Assert.Equal(1, manifestReads);
    }

    [Fact]
    public async Task TokenRegistry_WhenFlowWorks_PassesAndNeitherPasswordNorTokenAppears()
    {
        await using var tokens = await TokenServer.StartAsync(new TokenServerOptions { Certificates = pki.Certificates });
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { Certificates = pki.Certificates, Auth = RegistryAuth.Token, TokenServer = tokens });
        var push = await PushAsync(registry, ImageSpec.Amd64);
        var credentials = new FlagRegistryCredentials(tokens.Username, tokens.Password);

        var facts = await CollectAsync(Plan($"{registry.HostPort}/team/model@{push.Digest}"), ContextFor(registry, credentials));

        var outcomes = Judge(facts);
        Assert.Equal(Outcome.Pass, outcomes["PFC-REG-004"].Outcome);
        Assert.Equal(Outcome.Pass, outcomes["PFC-REG-010"].Outcome);
        Assert.Equal(Outcome.Pass, outcomes["PFC-REG-005"].Outcome);
        Assert.Equal(Outcome.Pass, outcomes["PFC-REG-008"].Outcome);
        Assert.Contains(facts.TlsEndpoints, t => t.Role == TlsEndpointRole.TokenRealm && t.SpeaksTls == true);
        var text = Serialize(facts) + string.Join("\n", outcomes.Values.Select(f => f.Message + string.Join(",", f.Evidence!.Values))) + credentials;
        Assert.NotEmpty(tokens.IssuedTokens);
        Assert.DoesNotContain(tokens.Password, text, StringComparison.Ordinal);
        foreach (var token in tokens.IssuedTokens)
        {
            Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(nameof(RegistryTls.PlainHttp), "PFC-TLS-001")]
    [InlineData(nameof(RegistryTls.SelfSigned), "PFC-TLS-002")]
    [InlineData(nameof(RegistryTls.LeafOnly), "PFC-TLS-003")]
    [InlineData(nameof(RegistryTls.WrongHostName), "PFC-TLS-004")]
    [InlineData(nameof(RegistryTls.Expired), "PFC-TLS-005")]
    [InlineData(nameof(RegistryTls.ExpiringSoon), "PFC-TLS-006")]
    [InlineData(nameof(RegistryTls.WeakKey), "PFC-TLS-008")]
    [InlineData(nameof(RegistryTls.Sha1Signature), "PFC-TLS-008")]
    public async Task TlsVariant_WhenBroken_ItsRuleFails(string variant, string ruleId)
    {
        var tls = Enum.Parse<RegistryTls>(variant);
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { Certificates = tls == RegistryTls.PlainHttp ? null : pki.Certificates, Tls = tls });

        var facts = await CollectAsync(Plan($"{registry.HostPort}/team/model@sha256:{new string('a', 64)}"), ContextFor(registry));

        var finding = Judge(facts)[ruleId];
        Assert.True(finding.Outcome == Outcome.Fail, $"{ruleId} on {variant}: {finding.Outcome}: {finding.Message}");
    }

    [Theory]
    [InlineData("tls1.0", LegacyProtocolResult.Accepted, LegacyProtocolResult.Accepted, Outcome.Fail)]
    [InlineData("tls1.1", LegacyProtocolResult.Refused, LegacyProtocolResult.Accepted, Outcome.Fail)]
    [InlineData("tls1.2", LegacyProtocolResult.Refused, LegacyProtocolResult.Refused, Outcome.Pass)]
    internal async Task LegacyProtocols_ByMinimumTls_ProbedWithoutTheLocalTlsLibrary(string minimum, LegacyProtocolResult tls10, LegacyProtocolResult tls11, Outcome expected)
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { Certificates = pki.Certificates, MinimumTls = minimum });

        var facts = await CollectAsync(Plan($"{registry.HostPort}/team/model@sha256:{new string('a', 64)}"), ContextFor(registry));

        var endpoint = facts.TlsEndpoints.Single();
        Assert.Equal((tls10, tls11), (endpoint.Tls10, endpoint.Tls11));
        Assert.Equal(expected, Judge(facts)["PFC-TLS-007"].Outcome);
    }

    [Fact]
    public async Task BasicRegistry_WhenEachRegRuleIsBroken_ThatRuleFails()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { Certificates = pki.Certificates, Auth = RegistryAuth.Basic });
        var push = await PushAsync(registry, ImageSpec.Amd64);
        var image = $"{registry.HostPort}/team/model@{push.Digest}";

        var noAuthConfig = Judge(await CollectAsync(Plan(image, authConfig: false), ContextFor(registry)));
        Assert.Equal(Outcome.Fail, noAuthConfig["PFC-REG-003"].Outcome);

        var wrongPassword = Judge(await CollectAsync(Plan(image), ContextFor(registry, new FlagRegistryCredentials(registry.Username, "not-the-password"))));
        Assert.Equal(Outcome.Fail, wrongPassword["PFC-REG-004"].Outcome);

        var missing = Judge(await CollectAsync(Plan($"{registry.HostPort}/team/model@sha256:{new string('b', 64)}"), ContextFor(registry)));
        Assert.Equal(Outcome.Fail, missing["PFC-REG-005"].Outcome);

        var graviton = Judge(await CollectAsync(Plan(image, true, "ml.c7g.xlarge"), ContextFor(registry)));
        Assert.Equal(Outcome.Fail, graviton["PFC-REG-007"].Outcome);
    }

    [Fact]
    public async Task AnonymousRegistry_WithOciMultiArchAndNoEntrypoint_MediaPlatformAnonymousAndEntrypointRulesJudge()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { Certificates = pki.Certificates, Auth = RegistryAuth.Anonymous });
        var oci = await PushAsync(registry, ImageSpec.Amd64 with { Marker = "oci" }, PushFormat.Oci, repository: "team/model");
        var bare = await PushAsync(registry, ImageSpec.Amd64 with { Marker = "bare", Entrypoint = EntrypointStyle.None }, tag: "bare");
        using var multi = TestImages.WriteMultiArch([ImageSpec.Amd64, ImageSpec.Arm64], "multi");
        var index = await TestImages.PushAsync(multi, registry, "team/model", "multi", PushFormat.DockerV2S2);

        var ociOutcomes = Judge(await CollectAsync(Plan($"{registry.HostPort}/team/model@{oci.Digest}"), ContextFor(registry)));
        Assert.Equal(Outcome.Fail, ociOutcomes["PFC-REG-006"].Outcome);
        Assert.Equal(Outcome.Fail, ociOutcomes["PFC-REG-008"].Outcome);
        Assert.Equal(Outcome.Pass, ociOutcomes["PFC-REG-003"].Outcome);
        Assert.Contains("not needed", ociOutcomes["PFC-REG-003"].Message, StringComparison.Ordinal);

        var bareOutcomes = Judge(await CollectAsync(Plan($"{registry.HostPort}/team/model@{bare.Digest}"), ContextFor(registry)));
        Assert.Equal(Outcome.Unknown, bareOutcomes["PFC-REG-009"].Outcome);
        Assert.Contains("`serve`", bareOutcomes["PFC-REG-009"].Message, StringComparison.Ordinal);

        var indexFacts = await CollectAsync(Plan($"{registry.HostPort}/team/model@{index.Digest}", true, "ml.m5.large", "ml.c7g.large"), ContextFor(registry));
        var indexOutcomes = Judge(indexFacts);
        Assert.Equal(Outcome.Pass, indexOutcomes["PFC-REG-007"].Outcome);
        Assert.Equal(Outcome.Pass, indexOutcomes["PFC-REG-006"].Outcome);
        Assert.Equal(["amd64", "arm64"], indexFacts.Registries[0].Images[0].Manifest!.Platforms.Select(p => p.Architecture).Order());
    }

    [Fact]
    public async Task UnresolvableHost_WhenNameDoesNotResolve_ResolvesRuleFails()
    {
        var facts = await CollectAsync(Plan($"nowhere.preflight.test:5000/team/model@sha256:{new string('a', 64)}"), Context([], Root));
        Assert.Equal(Outcome.Fail, Judge(facts)["PFC-REG-001"].Outcome);
    }

    [Fact]
    public async Task Pin_WhenTagAndMultiArchIndex_PrintsVerifiedDigestAndPlatforms()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { Certificates = pki.Certificates, Auth = RegistryAuth.Basic });
        var single = await PushAsync(registry, ImageSpec.Amd64, tag: "v1");
        using var multi = TestImages.WriteMultiArch([ImageSpec.Amd64, ImageSpec.Arm64], "multi");
        var index = await TestImages.PushAsync(multi, registry, "team/model", "multi", PushFormat.DockerV2S2);
        var pinner = new ImagePinner(ContextFor(registry));

        var pinned = await pinner.PinAsync($"{registry.HostPort}/team/model:v1", CancellationToken.None);
        Assert.Equal($"{registry.HostPort}/team/model@{single.Digest}", pinned.Reference);
        Assert.Empty(pinned.Platforms);

        var list = await pinner.PinAsync($"{registry.HostPort}/team/model:multi", CancellationToken.None);
        Assert.Equal(index.Digest, list.Digest);
        Assert.Equal(RegistryMediaTypes.DockerManifestList, list.MediaType);
        var text = list.Format();
        Assert.Contains("linux/amd64 sha256:", text, StringComparison.Ordinal);
        Assert.Contains("linux/arm64/v8 sha256:", text, StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<PinException>(() => new ImagePinner(ContextFor(registry, new FlagRegistryCredentials(registry.Username, "wrong-pw"))).PinAsync($"{registry.HostPort}/team/model:v1", CancellationToken.None));
        Assert.DoesNotContain("wrong-pw", error.Message, StringComparison.Ordinal);
    }
}
