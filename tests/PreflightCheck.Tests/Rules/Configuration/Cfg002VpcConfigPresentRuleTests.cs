using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Configuration;
using static PreflightCheck.Tests.PlanBuilder;

namespace PreflightCheck.Tests.Rules.Configuration;

public sealed class VpcConfigPresentRuleTests
{
    private readonly VpcConfigPresentRule _rule = new();

    [Covers("PFC-CFG-002", Outcome.Pass)]
    [Fact]
    public void Evaluate_WhenVpcModeWithGoodConfig_Passes()
    {
        var finding = Assert.Single(Evaluate(_rule, Model()));

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Equal("model vpc-model", finding.Target);
        Assert.Equal("subnet-0123456789abcdef0, subnet-0123456789abcdef1", finding.Evidence!["subnets"]);
    }

    [Covers("PFC-CFG-002", Outcome.Fail)]
    [Fact]
    public void Evaluate_WhenVpcModeWithoutVpcConfig_FailsNamingTheContainer()
    {
        var finding = Assert.Single(Evaluate(_rule, Model(noVpc: true)));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("ModelContainer", finding.Message, StringComparison.Ordinal);
        Assert.Contains("no VpcConfig", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-CFG-002", Outcome.NotApplicable)]
    [Fact]
    public void Evaluate_WhenNoVpcModeAndNoVpcConfig_IsNotApplicable()
    {
        var finding = Assert.Single(Evaluate(_rule, Model([Container(accessMode: "Platform", provider: null)], noVpc: true)));

        Assert.Equal(Outcome.NotApplicable, finding.Outcome);
    }

    [Covers("PFC-CFG-002", Outcome.Fail)]
    [Theory]
    [InlineData(new string[0], new[] { "sg-0123456789abcdef0" }, "Subnets has 0 entries; CreateModel accepts 1 to 16")]
    [InlineData(new[] { "subnet-1" }, new[] { "sg-0123456789abcdef0" }, "Subnets entry \"subnet-1\" is not an id")]
    [InlineData(new[] { "subnet-0123456789abcdef0" }, new[] { "sg-1", "sg-2", "sg-3", "sg-4", "sg-5", "sg-6" }, "SecurityGroupIds has 6 entries; CreateModel accepts 1 to 5")]
    [InlineData(new[] { "subnet-0123456789abcdef0", "subnet-0123456789abcdef0" }, new[] { "sg-01234567" }, "lists \"subnet-0123456789abcdef0\" 2 times")]
    [InlineData(new[] { "subnet-0123456789abcdef0" }, new[] { "SG-01234567" }, "SecurityGroupIds entry \"SG-01234567\" is not an id")]
    public void Evaluate_WhenVpcConfigIsMalformed_FailsSayingWhat(string[] subnets, string[] groups, string expected)
    {
        var finding = Assert.Single(Evaluate(_rule, Model(vpc: Vpc(subnets, groups))));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains(expected, finding.Message, StringComparison.Ordinal);
        Assert.NotNull(finding.Location);
    }

    [Covers("PFC-CFG-002")]
    [Fact]
    public void Evaluate_WhenOneSubnetIsMalformed_PointsAtThatSubnet()
    {
        var finding = Assert.Single(Evaluate(_rule, Model(vpc: Vpc(["subnet-0123456789abcdef0", "subnet-XYZ"]))));

        Assert.Equal(21, finding.Location!.Column);
    }
}
