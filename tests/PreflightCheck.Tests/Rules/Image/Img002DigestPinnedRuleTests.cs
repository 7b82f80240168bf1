using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Image;
using static PreflightCheck.Tests.Rules.ImageRules.ImagePlans;

namespace PreflightCheck.Tests.Rules.ImageRules;

public partial class ImageRuleTests
{
    [Covers("PFC-IMG-002", Outcome.Pass)]
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

    [Covers("PFC-IMG-002", Outcome.Fail)]
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
}
