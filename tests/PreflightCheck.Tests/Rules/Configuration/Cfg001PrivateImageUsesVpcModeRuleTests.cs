using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Configuration;
using static PreflightCheck.Tests.PlanBuilder;

namespace PreflightCheck.Tests.Rules.Configuration;

public sealed class PrivateImageUsesVpcModeRuleTests
{
    private const string Ecr = "123456789012.dkr.ecr.us-east-1.amazonaws.com/model@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private readonly PrivateImageUsesVpcModeRule _rule = new();

    [Covers("PFC-CFG-001", Outcome.Pass)]
    [Fact]
    public void Evaluate_WhenPrivateImageWithVpcMode_Passes()
    {
        Assert.Equal(Outcome.Pass, Assert.Single(Evaluate(_rule, Model())).Outcome);
    }

    [Covers("PFC-CFG-001", Outcome.Fail)]
    [Theory]
    [InlineData("Platform")]
    [InlineData(null)]
    public void Evaluate_WhenPrivateImageWithoutVpcMode_FailsWithTheFix(string? mode)
    {
        var finding = Assert.Single(Evaluate(_rule, Model([Container(accessMode: mode)])));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("registry.example.com, not in ECR", finding.Message, StringComparison.Ordinal);
        Assert.Contains("RepositoryAccessMode to \"Vpc\"", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-CFG-001", Outcome.Fail)]
    [Fact]
    public void Evaluate_WhenDockerHubImageWithoutVpcMode_FailsNamingDockerHub()
    {
        var finding = Assert.Single(Evaluate(_rule, Model([Container(image: "ubuntu:22.04", accessMode: null)])));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("on Docker Hub", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-CFG-001", Outcome.Fail)]
    [Fact]
    public void Evaluate_WhenModeHasWrongCase_Fails()
    {
        var finding = Assert.Single(Evaluate(_rule, Model([Container(accessMode: "vpc")])));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("case-sensitive", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-CFG-001", Outcome.NotApplicable)]
    [Fact]
    public void Evaluate_WhenEcrImage_IsNotApplicable()
    {
        Assert.Equal(Outcome.NotApplicable, Assert.Single(Evaluate(_rule, Model([Container(image: Ecr, accessMode: null)]))).Outcome);
    }

    [Covers("PFC-CFG-001", Outcome.Unknown)]
    [Fact]
    public void Evaluate_WhenImageUnparseable_IsUnknownPointingToImg001()
    {
        var finding = Assert.Single(Evaluate(_rule, Model([Container(image: "Registry.Example.com/UPPER", accessMode: null)])));

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("PFC-IMG-001", finding.Message, StringComparison.Ordinal);
    }
}
