using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Registry;
using static PreflightCheck.Tests.Rules.Registry.RegistryFactsBuilder;

namespace PreflightCheck.Tests.Rules.Registry;

public class RegistryRulesTests
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
    public void Resolves_WhenLookupFindsNothing_Fails()
    {
        var registry = RegistryOf() with { Resolution = new RegistryResolution(CollectionStatus.NotFound, AddressSource.Dns, [], "no such host") };
        var finding = Single(new RegistryResolvesRule(), Snapshot(registry: registry));
        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("--registry-address", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolves_WhenLookupTimesOut_IsUnknown()
    {
        var registry = RegistryOf() with { Resolution = new RegistryResolution(CollectionStatus.Timeout, AddressSource.Dns, [], "DNS timed out") };
        Assert.Equal(Outcome.Unknown, Single(new RegistryResolvesRule(), Snapshot(registry: registry)).Outcome);
    }

    [Fact]
    public void Resolves_WhenAddressGiven_PassesNamingTheFlag()
    {
        var registry = RegistryOf() with { Resolution = new RegistryResolution(CollectionStatus.Ok, AddressSource.RegistryAddress, [new ResolvedAddress("10.0.0.5", true)]) };
        var finding = Single(new RegistryResolvesRule(), Snapshot(registry: registry));
        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains("--registry-address", finding.Message, StringComparison.Ordinal);
        Assert.Equal("10.0.0.5 (private)", finding.Evidence!["addresses"]);
    }

    [Theory]
    [InlineData(200, "application/json", "registry/2.0", Outcome.Pass)]
    [InlineData(401, "application/json", null, Outcome.Pass)]
    [InlineData(404, "text/plain", null, Outcome.Fail)]
    [InlineData(200, "text/html; charset=utf-8", null, Outcome.Fail)]
    public void ApiV2_ByStatus_JudgesTheAnswer(int status, string contentType, string? version, object expectedValue)
    {
        var expected = (Outcome)expectedValue;
        var api = new RegistryApiProbe(CollectionStatus.Ok, "https", status, version, contentType, null);
        Assert.Equal(expected, Single(new RegistryApiV2Rule(), Snapshot(registry: RegistryOf(api: api))).Outcome);
    }

    [Fact]
    public void ApiV2_WhenRegistryHangs_IsUnknownWithTimeout()
    {
        var api = new RegistryApiProbe(CollectionStatus.Timeout, "https", null, null, null, null, "no answer within 10 s");
        var finding = Single(new RegistryApiV2Rule(), Snapshot(registry: RegistryOf(api: api)));
        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("no answer within 10 s", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AuthConfig_WhenRegistryDemandsCredentialsAndNoConfig_Fails()
    {
        var facts = Snapshot(Model(Container(withAuthConfig: false), "ml.m5.large"));
        var finding = Single(new AuthConfigMatchesRule(), facts);
        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("RepositoryAuthConfig", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AuthConfig_WhenAnonymousRegistryWithConfig_PassesWithNote()
    {
        var image = ImageOf() with { Anonymous = new AnonymousPullFacts(CollectionStatus.Ok, 200, true) };
        var finding = Single(new AuthConfigMatchesRule(), Snapshot(registry: RegistryOf(image, Api(200))));
        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains("not needed", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AuthConfig_WhenRegistryUnreachable_IsUnknown()
    {
        var api = new RegistryApiProbe(CollectionStatus.Unreachable, "https", null, null, null, null, "connection refused");
        Assert.Equal(Outcome.Unknown, Single(new AuthConfigMatchesRule(), Snapshot(registry: RegistryOf(api: api))).Outcome);
    }

    [Fact]
    public void Credentials_WhenDenied_FailsWithoutSecret()
    {
        var image = ImageOf() with { Auth = new RegistryAuthResult(PullAccess.Denied, AuthScheme.Bearer, 401, Realm(), "the token endpoint answered 401") };
        var finding = Single(new CredentialsAuthenticateRule(), Snapshot(registry: RegistryOf(image, Api(401, "Bearer"))));
        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal("present (source Flag, username length 6)", finding.Evidence!["credentials"]);
        Assert.Equal("https://auth.example.com:5001/token", finding.Evidence["tokenRealm"]);
    }

    [Fact]
    public void Credentials_WhenATokenWasIssuedButTheManifestAnswered500_SaysSoNotNotAttempted()
    {
        var image = ImageOf() with
        {
            Auth = new RegistryAuthResult(PullAccess.NotAttempted, AuthScheme.Bearer, 500, Realm() with { TokenField = "token" }),
            Manifest = null,
        };
        var finding = Single(new CredentialsAuthenticateRule(), Snapshot(registry: RegistryOf(image, Api(401, "Bearer"))));
        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("accepted by the token service", finding.Message, StringComparison.Ordinal);
        Assert.Contains("the manifest request answered 500", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("NotAttempted", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_WhenNoneGiven_IsUnknownNamingTheFlags()
    {
        var image = ImageOf() with { Credentials = RegistryCredentialsInfo.Absent, Auth = new RegistryAuthResult(PullAccess.NotAttempted, AuthScheme.None, null, null) };
        var finding = Single(new CredentialsAuthenticateRule(), Snapshot(registry: RegistryOf(image)));
        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("--registry-password-stdin", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_WhenNotFound_Fails()
    {
        var manifest = Manifest() with { Status = CollectionStatus.NotFound, StatusCode = 404, ComputedDigest = null, DigestMatches = false };
        Assert.Equal(Outcome.Fail, Single(new ManifestExistsRule(), Snapshot(registry: RegistryOf(ImageOf(manifest)))).Outcome);
    }

    [Fact]
    public void Manifest_WhenBytesDoNotHashToDigest_Fails()
    {
        var manifest = Manifest() with { Status = CollectionStatus.Invalid, ComputedDigest = "sha256:" + new string('f', 64), DigestMatches = false };
        var finding = Single(new ManifestExistsRule(), Snapshot(registry: RegistryOf(ImageOf(manifest))));
        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("hashes to sha256:fff", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_WhenNotFetched_IsUnknown()
    {
        var image = ImageOf() with { Manifest = null, Auth = new RegistryAuthResult(PullAccess.Denied, AuthScheme.Basic, 401, null, "401 with these credentials") };
        Assert.Equal(Outcome.Unknown, Single(new ManifestExistsRule(), Snapshot(registry: RegistryOf(image))).Outcome);
    }

    [Theory]
    [InlineData(RegistryMediaTypes.DockerManifest, Outcome.Pass)]
    [InlineData(RegistryMediaTypes.DockerManifestList, Outcome.Pass)]
    [InlineData(RegistryMediaTypes.OciManifest, Outcome.Fail)]
    [InlineData(RegistryMediaTypes.OciIndex, Outcome.Fail)]
    [InlineData(RegistryMediaTypes.DockerSchema1Signed, Outcome.Fail)]
    public void MediaType_ByType_PassesOnlyDockerSchema2(string mediaType, object expectedValue)
    {
        var expected = (Outcome)expectedValue;
        var finding = Single(new ManifestMediaTypeRule(), Snapshot(registry: RegistryOf(ImageOf(Manifest(mediaType)))));
        Assert.Equal(expected, finding.Outcome);
        Assert.Equal(mediaType, finding.Evidence!["mediaType"]);
    }

    [Theory]
    [InlineData("ml.m5.large", "amd64", Outcome.Pass)]
    [InlineData("ml.g5.xlarge", "amd64", Outcome.Pass)]
    [InlineData("ml.c7g.large", "arm64", Outcome.Pass)]
    [InlineData("ml.c7g.large", "amd64", Outcome.Fail)]
    [InlineData("ml.r6gd.xlarge", "amd64", Outcome.Fail)]
    [InlineData("ml.m5.large", "arm64", Outcome.Fail)]
    public void Platform_SingleArchImage_MatchesInstanceArchitecture(string instanceType, string arch, object expectedValue)
    {
        var expected = (Outcome)expectedValue;
        var facts = Snapshot(Model(null, instanceType), RegistryOf(ImageOf(Manifest(config: Config(arch)))));
        Assert.Equal(expected, Single(new PlatformMatchesInstanceRule(), facts).Outcome);
    }

    [Fact]
    public void Platform_IndexWithBothArchitectures_PassesForMixedVariants()
    {
        var facts = Snapshot(Model(null, "ml.m5.large", "ml.m6g.large"), RegistryOf(ImageOf(Index("amd64", "arm64"))));
        var finding = Single(new PlatformMatchesInstanceRule(), facts);
        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Equal("linux/amd64, linux/arm64", finding.Evidence!["platforms"]);
    }

    [Fact]
    public void Platform_IndexMissingArm_FailsNamingTheVariant()
    {
        var facts = Snapshot(Model(null, "ml.m5.large", "ml.m6g.large"), RegistryOf(ImageOf(Index("amd64"))));
        var finding = Single(new PlatformMatchesInstanceRule(), facts);
        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("variant2", finding.Message, StringComparison.Ordinal);
        Assert.Contains("linux/arm64", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Platform_WithoutVariants_IsNotApplicable() =>
        Assert.Equal(Outcome.NotApplicable, Single(new PlatformMatchesInstanceRule(), Snapshot(Model(null))).Outcome);

    [Fact]
    public void Platform_WhenConfigNotRead_IsUnknown()
    {
        var config = new ImageConfigFacts(CollectionStatus.Timeout, null, null, null, null, null, null, "blob timed out");
        Assert.Equal(Outcome.Unknown, Single(new PlatformMatchesInstanceRule(), Snapshot(registry: RegistryOf(ImageOf(Manifest(config: config))))).Outcome);
    }

    [Fact]
    public void Anonymous_WhenServed_Fails()
    {
        var image = ImageOf() with { Anonymous = new AnonymousPullFacts(CollectionStatus.Ok, 200, true) };
        Assert.Equal(Outcome.Fail, Single(new AnonymousPullRule(), Snapshot(registry: RegistryOf(image))).Outcome);
    }

    [Fact]
    public void Anonymous_WhenProbeFailed_IsUnknown()
    {
        var image = ImageOf() with { Anonymous = new AnonymousPullFacts(CollectionStatus.Timeout, null, false, "timed out") };
        Assert.Equal(Outcome.Unknown, Single(new AnonymousPullRule(), Snapshot(registry: RegistryOf(image))).Outcome);
    }

    [Fact]
    public void Entrypoint_WhenAbsent_IsUnknownNamingServe()
    {
        var image = ImageOf(Manifest(config: Config(entrypoint: [])));
        var finding = Single(new ImageEntrypointRule(), Snapshot(registry: RegistryOf(image)));
        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("`serve`", finding.Message, StringComparison.Ordinal);
        Assert.Equal("(none)", finding.Evidence!["image.entrypoint"]);
    }

    [Fact]
    public void Entrypoint_WhenPresentOnEveryPlatform_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new ImageEntrypointRule(), Snapshot(registry: RegistryOf(ImageOf(Index("amd64", "arm64"))))).Outcome);

    [Theory]
    [InlineData("https://auth.example.com/token", true, false, Outcome.Pass)]
    [InlineData("http://auth.example.com/token", false, false, Outcome.Fail)]
    [InlineData("https://169.254.169.254/latest/meta-data", true, true, Outcome.Fail)]
    public void TokenRealm_ByRealm_RefusesUnsafeOnes(string url, bool https, bool linkLocal, object expectedValue)
    {
        var expected = (Outcome)expectedValue;
        var image = ImageOf() with { Auth = new RegistryAuthResult(PullAccess.Granted, AuthScheme.Bearer, 200, Realm(url, https, linkLocal)) };
        var finding = Single(new TokenRealmSafeRule(), Snapshot(registry: RegistryOf(image, Api(401, "Bearer"))));
        Assert.Equal(expected, finding.Outcome);
        Assert.Equal(expected == Outcome.Pass ? "yes" : "no", finding.Evidence!["credentialsSent"]);
    }

    [Fact]
    public void TokenRealm_WhenBasicAuth_IsNotApplicable() =>
        Assert.Equal(Outcome.NotApplicable, Single(new TokenRealmSafeRule(), Snapshot()).Outcome);

    [Fact]
    public void TokenRealm_WhenBearerButRealmUnreadable_IsUnknown()
    {
        var api = Api(401, "Bearer") with { Challenge = new RegistryAuthChallenge(AuthScheme.Bearer, "Bearer", null, null, null, "no realm parameter") };
        var finding = Single(new TokenRealmSafeRule(), Snapshot(registry: RegistryOf(api: api)));
        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("no realm parameter", finding.Message, StringComparison.Ordinal);
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
