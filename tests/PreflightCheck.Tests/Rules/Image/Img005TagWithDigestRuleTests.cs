using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Image;
using static PreflightCheck.Tests.Rules.ImageRules.ImagePlans;

namespace PreflightCheck.Tests.Rules.ImageRules;

public partial class ImageRuleTests
{
    [Covers("PFC-IMG-005", Outcome.Pass)]
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

    [Covers("PFC-IMG-005", Outcome.Fail)]
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
