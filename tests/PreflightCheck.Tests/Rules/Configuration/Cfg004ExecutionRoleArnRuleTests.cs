using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Configuration;
using static PreflightCheck.Tests.PlanBuilder;

namespace PreflightCheck.Tests.Rules.Configuration;

public sealed class ExecutionRoleArnRuleTests
{
    private readonly ExecutionRoleArnRule _rule = new();

    [Covers("PFC-CFG-004", Outcome.Pass)]
    [Theory]
    [InlineData("arn:aws:iam::123456789012:role/SageMakerExecutionRole")]
    [InlineData("arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole-20200101T000001")]
    public void Evaluate_WhenRoleArn_Passes(string arn)
    {
        var finding = Assert.Single(Evaluate(_rule, Model(role: arn)));

        Assert.Equal(Outcome.Pass, finding.Outcome);
    }

    [Covers("PFC-CFG-004", Outcome.Fail)]
    [Theory]
    [InlineData("arn:aws:iam::123456789012:user/deployer", "names an IAM user")]
    [InlineData("arn:aws:sts::123456789012:assumed-role/Role/session", "STS session ARN")]
    [InlineData("SageMakerExecutionRole", "is not an IAM role ARN")]
    [InlineData("arn:aws-cn:iam::123456789012:role/r", "partition aws-cn but region us-east-1 is in aws")]
    public void Evaluate_WhenNotARoleOfThePartition_Fails(string arn, string expected)
    {
        var finding = Assert.Single(Evaluate(_rule, Model(role: arn)));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains(expected, finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-CFG-004", Outcome.Fail)]
    [Fact]
    public void Evaluate_WhenRoleMissing_Fails()
    {
        var finding = Assert.Single(Evaluate(_rule, Model(role: null)));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("no ExecutionRoleArn", finding.Message, StringComparison.Ordinal);
    }
}
