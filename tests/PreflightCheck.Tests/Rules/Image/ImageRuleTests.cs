using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Image;
using static PreflightCheck.Tests.Rules.ImageRules.ImagePlans;

namespace PreflightCheck.Tests.Rules.ImageRules;

public sealed class ImageRuleTests
{
    public static TheoryData<string> Ids => new() { "PFC-IMG-001", "PFC-IMG-002", "PFC-IMG-003", "PFC-IMG-005" };

    private static Rule RuleFor(string id) => id switch
    {
        "PFC-IMG-001" => new ReferenceValidRule(),
        "PFC-IMG-002" => new DigestPinnedRule(),
        "PFC-IMG-003" => new RegistryHostExplicitRule(),
        "PFC-IMG-005" => new TagWithDigestRule(),
        _ => throw new ArgumentOutOfRangeException(nameof(id)),
    };

    [Theory]
    [MemberData(nameof(Ids))]
    public void Rule_WhenInspected_IsStaticWithItsId(string id)
    {
        var rule = RuleFor(id);

        Assert.Equal(id, rule.Id);
        Assert.Equal(FactNeeds.None, rule.Needs);
        Assert.True(rule.IsStatic);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Rule_WhenPlanHasSeveralModelsAndContainers_FindsOncePerContainer(string id)
    {
        var plan = Plan(
            Model("model-a", Container("primary", PrivateByDigest, 7), Container("sidecar", "ubuntu:22.04", 12)),
            Model("model-b", Container("only", "registry:5000/x:y", 20)));

        var findings = Run(RuleFor(id), plan);

        Assert.Equal(
            ["model-a/container primary@7", "model-a/container sidecar@12", "model-b/container only@20"],
            findings.Select(f => $"{f.Model}/{f.Target}@{f.Location?.Line}"));
        Assert.All(findings, f => Assert.Equal("my-endpoint", f.Endpoint));
        Assert.All(findings, f => Assert.Equal(16, f.Location?.Column));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Rule_WhenPlanHasNoModels_FindsNothing(string id)
    {
        Assert.Empty(Run(RuleFor(id), Plan()));
    }

    [Theory]
    [InlineData("PFC-IMG-002")]
    [InlineData("PFC-IMG-003")]
    [InlineData("PFC-IMG-005")]
    public void Rule_WhenContainerHasNoImage_IsNotApplicable(string id)
    {
        var finding = RunSingle(RuleFor(id), null);

        Assert.Equal(Outcome.NotApplicable, finding.Outcome);
        Assert.Equal("container primary", finding.Target);
        Assert.Contains("has no Image", finding.Message, StringComparison.Ordinal);
        Assert.Equal(6, finding.Location?.Line);
    }

    [Theory]
    [InlineData("PFC-IMG-002")]
    [InlineData("PFC-IMG-003")]
    [InlineData("PFC-IMG-005")]
    public void Rule_WhenImageIsInvalid_IsUnknownPointingToImg001(string id)
    {
        var finding = RunSingle(RuleFor(id), "Registry.example.com/My-Image:1\n");

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Equal("my-model", finding.Model);
        Assert.Equal("container primary", finding.Target);
        Assert.Equal(ImageLocation(7), finding.Location);
        Assert.Contains("PFC-IMG-001", finding.Message, StringComparison.Ordinal);
        Assert.Contains("not a valid image reference", finding.Message, StringComparison.Ordinal);
        Assert.Contains(@"\n", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReferenceValid_WhenImageIsValid_Passes()
    {
        var finding = RunSingle(new ReferenceValidRule(), PrivateByDigest);

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Equal("container primary", finding.Target);
        Assert.Equal(ImageLocation(7), finding.Location);
        Assert.Contains("registry myteam.myorg.com, repository docker-local/my-inference-image", finding.Message, StringComparison.Ordinal);
        Assert.Equal("myteam.myorg.com", finding.Evidence!["host"]);
        Assert.Equal(Digest, finding.Evidence["digest"]);
    }

    [Fact]
    public void ReferenceValid_WhenImageIsMissing_FailsNamingTheContainer()
    {
        var finding = RunSingle(new ReferenceValidRule(), null);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("Container primary of model my-model has no Image", finding.Message, StringComparison.Ordinal);
        Assert.Equal(6, finding.Location?.Line);
    }

    [Theory]
    [InlineData("myteam.myorg.com/docker-local/My-Image:1", "repository name must be lowercase, got 'M'", 30)]
    [InlineData("registry.example.com/model:1\n", "trailing U+000A (line feed)", 28)]
    [InlineData("registry.example.com/model@sha256:abc", "digest sha256 must have 64 hex characters, got 3", 37)]
    [InlineData("registry.example.com/model:v1 ", "trailing U+0020 (space)", 29)]
    [InlineData("registry.example.com/model@md5:0123456789abcdef0123456789abcdef", "unsupported digest algorithm 'md5'", 27)]
    public void ReferenceValid_WhenImageIsInvalid_FailsWithErrorAndCharacter(string image, string error, int index)
    {
        var finding = RunSingle(new ReferenceValidRule(), image);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal(ImageLocation(7), finding.Location);
        Assert.Contains(error, finding.Message, StringComparison.Ordinal);
        Assert.Contains($"(character {index + 1} of the value): {error}", finding.Message, StringComparison.Ordinal);
        Assert.Contains("host[:port]/path[:tag][@sha256:<64 hex digits>]", finding.Message, StringComparison.Ordinal);
        Assert.Equal(index.ToString(System.Globalization.CultureInfo.InvariantCulture), finding.Evidence!["errorIndex"]);
    }

    [Theory]
    [InlineData("deploy:s3cr3t-Pa55@registry.example.com/team/model:1", "\"deploy:***@registry.example.com/team/model:1\"")]
    [InlineData("https://deploy:s3cr3t-Pa55@registry.example.com/team/model:1", "\"https://deploy:***@registry.example.com/team/model:1\"")]
    [InlineData("deploy:s3cr3t-Pa55@registry.example.com", "\"deploy:***@registry.example.com\"")]
    public void ImageRules_WhenImageCarriesCredentials_NeverShowThePassword(string image, string shown)
    {
        Rule[] rules = [new ReferenceValidRule(), new DigestPinnedRule(), new RegistryHostExplicitRule(), new TagWithDigestRule()];

        foreach (var rule in rules)
        {
            var finding = RunSingle(rule, image);

            Assert.NotEqual(Outcome.Pass, finding.Outcome);
            Assert.Contains(shown, finding.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cr3t", finding.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(finding.Evidence ?? new Dictionary<string, string>(), e => e.Value.Contains("s3cr3t", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("registry:5000/x:y@sha256:abc")]
    [InlineData("repo:tag@sha256:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("myteam.myorg.com/docker-local/My-Image:1")]
    public void ShowImage_WhenNoCredentialsShape_LeavesTheImageAlone(string image)
    {
        Assert.Equal(image, ImageText.MaskUserInfo(image));
    }

    [Fact]
    public void ReferenceValid_WhenImageIsLongerThanCreateModelAllows_Fails()
    {
        var finding = RunSingle(new ReferenceValidRule(), "registry.example.com/" + new string('a', 235));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("256 characters long; CreateModel accepts at most 255", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PrivateByDigest)]
    [InlineData("myteam.myorg.com/docker-local/my-inference-image:1.4@" + Digest)]
    [InlineData("127.0.0.1:5000/a/b@sha512:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void DigestPinned_WhenImageHasDigest_Passes(string image)
    {
        var finding = RunSingle(new DigestPinnedRule(), image);

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains("is pinned to digest sha", finding.Message, StringComparison.Ordinal);
        Assert.Equal(ImageLocation(7), finding.Location);
    }

    [Theory]
    [InlineData("myteam.myorg.com/docker-local/my-inference-image:1.4", "tag '1.4'", "myteam.myorg.com/docker-local/my-inference-image@sha256:<digest>")]
    [InlineData("myteam.myorg.com/docker-local/my-inference-image:latest", "tag 'latest'", "myteam.myorg.com/docker-local/my-inference-image@sha256:<digest>")]
    [InlineData("registry:5000/x", "tag 'latest' (no tag is given, so Docker uses 'latest')", "registry:5000/x@sha256:<digest>")]
    [InlineData("ubuntu", "tag 'latest' (no tag is given", "docker.io/library/ubuntu@sha256:<digest>")]
    public void DigestPinned_WhenImageHasNoDigest_FailsNamingTagRiskAndFix(string image, string tagText, string pinned)
    {
        var finding = RunSingle(new DigestPinnedRule(), image);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal("container primary", finding.Target);
        Assert.Equal(ImageLocation(7), finding.Location);
        Assert.Contains(tagText, finding.Message, StringComparison.Ordinal);
        Assert.Contains("can be moved to another image", finding.Message, StringComparison.Ordinal);
        Assert.Contains(pinned, finding.Message, StringComparison.Ordinal);
        Assert.Contains($"preflight pin {image}", finding.Message, StringComparison.Ordinal);
        Assert.False(finding.Evidence!.ContainsKey("digest"));
        Assert.Equal(tagText.Split('\'')[1], finding.Evidence["tag"]);
    }

    [Theory]
    [InlineData("myteam.myorg.com/docker-local/my-inference-image:1", "myteam.myorg.com")]
    [InlineData("registry:5000/x:y", "registry:5000")]
    [InlineData("127.0.0.1:5000/a/b", "127.0.0.1:5000")]
    [InlineData("localhost/foo", "localhost")]
    [InlineData("Foo/bar", "Foo")]
    [InlineData("[::1]:5000/repo", "[::1]:5000")]
    public void RegistryHostExplicit_WhenHostIsExplicit_Passes(string image, string host)
    {
        var finding = RunSingle(new RegistryHostExplicitRule(), image);

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains($"names its registry host {host} explicitly", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Docker Hub", finding.Message, StringComparison.Ordinal);
        Assert.Equal(host, finding.Evidence!["host"]);
    }

    [Fact]
    public void RegistryHostExplicit_WhenDockerHubIsNamed_PassesAndPointsToImg004()
    {
        var finding = RunSingle(new RegistryHostExplicitRule(), "docker.io/library/ubuntu:22.04");

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains("Docker Hub", finding.Message, StringComparison.Ordinal);
        Assert.Contains("PFC-IMG-004", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ubuntu:22.04", "it has no '/'", "docker.io/library/ubuntu:22.04")]
    [InlineData("my-inference-image@" + Digest, "it has no '/'", "docker.io/library/my-inference-image@" + Digest)]
    [InlineData("registry/x:y", "('registry') has no '.' or ':port'", "docker.io/registry/x:y")]
    [InlineData("docker-local/my-inference-image", "('docker-local')", "docker.io/docker-local/my-inference-image")]
    public void RegistryHostExplicit_WhenNoHost_FailsSayingDockerHubAndFullName(string image, string why, string fullName)
    {
        var finding = RunSingle(new RegistryHostExplicitRule(), image);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal("container primary", finding.Target);
        Assert.Equal(ImageLocation(7), finding.Location);
        Assert.Contains(why, finding.Message, StringComparison.Ordinal);
        Assert.Contains($"Docker will resolve it to Docker Hub as {fullName}", finding.Message, StringComparison.Ordinal);
        Assert.Contains($"registry.example.com/{image}", finding.Message, StringComparison.Ordinal);
        Assert.Equal(fullName, finding.Evidence!["resolvesTo"]);
    }

    [Theory]
    [InlineData(PrivateByDigest, "only a digest")]
    [InlineData("myteam.myorg.com/docker-local/my-inference-image:1.4", "only a tag (1.4)")]
    [InlineData("myteam.myorg.com/docker-local/my-inference-image", "neither a tag nor a digest")]
    public void TagWithDigest_WhenNotBoth_Passes(string image, string form)
    {
        var finding = RunSingle(new TagWithDigestRule(), image);

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains(form, finding.Message, StringComparison.Ordinal);
        Assert.Equal(ImageLocation(7), finding.Location);
    }

    [Fact]
    public void TagWithDigest_WhenBothGiven_NotesThatTheDigestDecides()
    {
        var finding = RunSingle(new TagWithDigestRule(), "myteam.myorg.com/docker-local/my-inference-image:1.4@" + Digest);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal("container primary", finding.Target);
        Assert.Equal(ImageLocation(7), finding.Location);
        Assert.Contains($"both tag '1.4' and digest {Digest}", finding.Message, StringComparison.Ordinal);
        Assert.Contains("pulls by the digest and ignores the tag", finding.Message, StringComparison.Ordinal);
        Assert.Equal("1.4", finding.Evidence!["tag"]);
        Assert.Equal(Digest, finding.Evidence["digest"]);
    }
}
