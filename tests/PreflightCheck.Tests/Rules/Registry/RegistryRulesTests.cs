using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Registry;
using static PreflightCheck.Tests.Rules.Registry.RegistryFactsBuilder;

namespace PreflightCheck.Tests.Rules.Registry;

public partial class RegistryRulesTests
{
    [Fact]
    public void AllRegistryRules_WhenCollectorDidNotRun_AreUnknownNamingWhy()
    {
        var facts = Snapshot(collected: false);
        foreach (var rule in Rules())
        {
            var finding = Single(rule, facts);
            Assert.Equal(Outcome.Unknown, finding.Outcome);
            Assert.Contains("did not run", finding.Message, StringComparison.Ordinal);
            Assert.Equal("container Primary", finding.Target);
            Assert.Equal(ImageLocation, finding.Location);
            Assert.Equal(FactNeeds.Registry, rule.Needs);
        }
    }

    [Fact]
    public void AllRegistryRules_WhenCollectionFailed_AreUnknownWithTheCollectorMessage()
    {
        var facts = Snapshot(collected: false) with { Collectors = [new CollectorRun("registry", CollectionStatus.Timeout, "overall deadline passed")] };
        foreach (var rule in Rules())
        {
            var finding = Single(rule, facts);
            Assert.Equal(Outcome.Unknown, finding.Outcome);
            Assert.Contains("overall deadline passed", finding.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AllRegistryRules_WhenCollectorDidNotRun_ShareOneCauseThatTheMessageSays()
    {
        var findings = Rules().Select(r => Single(r, Snapshot(collected: false))).ToArray();

        var cause = Assert.Single(findings.Select(f => f.Cause).Distinct());
        Assert.NotNull(cause);
        Assert.All(findings, f => Assert.Contains(cause, f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void RegistryRules_WhenHostDidNotResolve_TheUnknownsShareTheResolutionAsCause()
    {
        var registry = RegistryOf() with { Resolution = new RegistryResolution(CollectionStatus.NotFound, AddressSource.Dns, [], "no such host") };
        var unknowns = Rules().Select(r => Single(r, Snapshot(registry: registry))).Where(f => f.Outcome == Outcome.Unknown).ToArray();

        var caused = unknowns.Where(f => f.Cause is not null).ToArray();
        Assert.True(caused.Length >= 3, string.Join("\n", unknowns.Select(f => f.Message)));
        Assert.Equal([$"registry host {Host} did not resolve (NotFound: no such host)"], caused.Select(f => f.Cause).Distinct());
        Assert.All(caused, f => Assert.Contains(f.Cause!, f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void AllRegistryRules_WhenImageSkipped_AreNotApplicable()
    {
        var image = ImageOf() with { Status = CollectionStatus.Skipped, Message = "an ECR image: the private-registry checks do not apply" };
        var facts = Snapshot(registry: RegistryOf(image));
        Assert.All(Rules(), r => Assert.Equal(Outcome.NotApplicable, Single(r, facts).Outcome));
    }

    [Fact]
    public void AllRegistryRules_WhenEverythingIsFine_PassOrNotApplicable()
    {
        var facts = Snapshot();
        foreach (var rule in Rules())
        {
            var finding = Single(rule, facts);
            Assert.True(finding.Outcome is Outcome.Pass or Outcome.NotApplicable, $"{rule.Id}: {finding.Outcome} {finding.Message}");
            Assert.Equal("vpc-model", finding.Model);
            Assert.Equal($"{Host}:5000", finding.Evidence!["registry"]);
        }
    }

    [Fact]
    public void RulesNeedingTheExchange_WhenTheCertificateIsNotTrusted_AreUnknownNamingTls002AndRegistryCa()
    {
        const string why = "the registry client does not trust the certificate of registry.example.com:5000: its chain leads to no root in the public set (mozilla (142 roots, 2025-06-13)) (see PFC-TLS-002), so no registry request was made over it; give the registry's CA with --registry-ca FILE to check the rest";
        var api = new RegistryApiProbe(CollectionStatus.Invalid, "https", null, null, null, null, why);
        var image = ImageOf() with { Status = CollectionStatus.Invalid, Manifest = null, Anonymous = null, Auth = new RegistryAuthResult(PullAccess.NotAttempted, AuthScheme.None, null, null, why) };
        var facts = Snapshot(model: Model(Container(), "ml.m5.large"), registry: RegistryOf(image, api));
        foreach (var rule in Rules().Where(r => r.Id != "PFC-REG-001"))
        {
            var finding = Single(rule, facts);
            Assert.True(finding.Outcome == Outcome.Unknown, $"{rule.Id}: {finding.Outcome}: {finding.Message}");
            Assert.Contains("PFC-TLS-002", finding.Message, StringComparison.Ordinal);
            Assert.Contains("--registry-ca FILE", finding.Message, StringComparison.Ordinal);
        }
    }

    private static IEnumerable<Rule> Rules() =>
    [
        new RegistryResolvesRule(), new RegistryApiV2Rule(), new AuthConfigMatchesRule(), new CredentialsAuthenticateRule(),
        new ManifestExistsRule(), new ManifestMediaTypeRule(), new PlatformMatchesInstanceRule(), new AnonymousPullRule(),
        new ImageEntrypointRule(), new TokenRealmSafeRule(),
    ];
}

public class RegistryFactsJsonTests
{
    [Fact]
    public void Snapshot_WithRegistryAndTlsFacts_RoundTripsThroughSystemTextJson()
    {
        var image = RegistryFactsBuilder.ImageOf(RegistryFactsBuilder.Index("amd64", "arm64")) with
        {
            Auth = new Core.Facts.RegistryAuthResult(Core.Facts.PullAccess.Granted, Core.Facts.AuthScheme.Bearer, 200, RegistryFactsBuilder.Realm()),
        };
        var tls = new Core.Facts.TlsEndpointFacts(
            RegistryFactsBuilder.Host, 5000, Core.Facts.TlsEndpointRole.Registry, Core.Facts.CollectionStatus.Ok, true, "Tls13", "TLS_AES_128_GCM_SHA256",
            Core.Facts.LegacyProtocolResult.Refused, Core.Facts.LegacyProtocolResult.CouldNotTest,
            [new("CN=leaf", "CN=ca", "01", RegistryFactsBuilder.Now, RegistryFactsBuilder.Now.AddDays(90), "EC", 256, "sha256ECDSA", ["registry.example.com"], [], new string('A', 64), false, false)],
            new Core.Facts.TlsChainVerdict(true, [], true, null, "mozilla (146 roots)", "CN=root"));
        var facts = RegistryFactsBuilder.Snapshot(registry: RegistryFactsBuilder.RegistryOf(image), tls: [tls]);
        var options = new System.Text.Json.JsonSerializerOptions { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

        var json = System.Text.Json.JsonSerializer.Serialize(facts, options);
        var back = System.Text.Json.JsonSerializer.Deserialize<Core.Facts.FactsSnapshot>(json, options)!;

        Assert.Equal(json, System.Text.Json.JsonSerializer.Serialize(back, options));
        Assert.Equal("arm64", back.Registries[0].Images[0].Manifest!.Platforms[1].Architecture);
        Assert.Contains("\"Access\":\"Granted\"", json, StringComparison.Ordinal);
    }
}
