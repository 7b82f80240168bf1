using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Configuration;
using static PreflightCheck.Tests.PlanBuilder;

namespace PreflightCheck.Tests.Rules.Configuration;

public sealed class EcrImagePlatformModeRuleTests
{
    private const string Ecr = "123456789012.dkr.ecr.us-east-1.amazonaws.com/model@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private readonly EcrImagePlatformModeRule _rule = new();

    [Covers("PFC-CFG-005", Outcome.Fail)]
    [Fact]
    public void Evaluate_WhenEcrImageWithVpcMode_Fails()
    {
        var finding = Assert.Single(Evaluate(_rule, Model([Container(image: Ecr, accessMode: "Vpc")])));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal(6, finding.Location!.Line);
    }

    [Covers("PFC-CFG-005", Outcome.Pass)]
    [Fact]
    public void Evaluate_WhenEcrImageWithPlatformMode_Passes()
    {
        Assert.Equal(Outcome.Pass, Assert.Single(Evaluate(_rule, Model([Container(image: Ecr, accessMode: "Platform")]))).Outcome);
    }

    [Covers("PFC-CFG-005", Outcome.NotApplicable)]
    [Fact]
    public void Evaluate_WhenPrivateImage_IsNotApplicable()
    {
        Assert.Equal(Outcome.NotApplicable, Assert.Single(Evaluate(_rule, Model())).Outcome);
    }
}
