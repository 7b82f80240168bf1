using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Image;
using static PreflightCheck.Tests.Rules.ImageRules.ImagePlans;

namespace PreflightCheck.Tests.Rules.ImageRules;

public partial class ImageRuleTests
{
    [Covers("PFC-IMG-003", Outcome.Pass)]
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

    [Covers("PFC-IMG-003", Outcome.Pass)]
    [Fact]
    public void RegistryHostExplicit_WhenDockerHubIsNamed_PassesAndPointsToImg004()
    {
        var finding = RunSingle(new RegistryHostExplicitRule(), "docker.io/library/ubuntu:22.04");

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains("Docker Hub", finding.Message, StringComparison.Ordinal);
        Assert.Contains("PFC-IMG-004", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-IMG-003", Outcome.Fail)]
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
}
