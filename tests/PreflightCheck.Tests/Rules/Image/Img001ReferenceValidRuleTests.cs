using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Image;
using static PreflightCheck.Tests.Rules.ImageRules.ImagePlans;

namespace PreflightCheck.Tests.Rules.ImageRules;

public partial class ImageRuleTests
{
    [Covers("PFC-IMG-001", Outcome.Pass)]
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

    [Covers("PFC-IMG-001", Outcome.Fail)]
    [Fact]
    public void ReferenceValid_WhenImageIsMissing_FailsNamingTheContainer()
    {
        var finding = RunSingle(new ReferenceValidRule(), null);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("Container primary of model my-model has no Image", finding.Message, StringComparison.Ordinal);
        Assert.Equal(6, finding.Location?.Line);
    }

    [Covers("PFC-IMG-001", Outcome.Fail)]
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

    [Covers("PFC-IMG-001", Outcome.Fail)]
    [Fact]
    public void ReferenceValid_WhenImageIsLongerThanCreateModelAllows_Fails()
    {
        var finding = RunSingle(new ReferenceValidRule(), "registry.example.com/" + new string('a', 235));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("256 characters long; CreateModel accepts at most 255", finding.Message, StringComparison.Ordinal);
    }
}
