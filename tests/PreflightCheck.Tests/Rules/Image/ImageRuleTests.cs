using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Image;
using static PreflightCheck.Tests.Rules.ImageRules.ImagePlans;

namespace PreflightCheck.Tests.Rules.ImageRules;

public sealed partial class ImageRuleTests
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
}
