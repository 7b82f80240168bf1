using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Configuration;
using static PreflightCheck.Tests.PlanBuilder;

namespace PreflightCheck.Tests.Rules.Configuration;

public sealed class CredentialsProviderArnRuleTests
{
    private readonly CredentialsProviderArnRule _rule = new();

    [Covers("PFC-CFG-003", Outcome.Pass)]
    [Theory]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:creds")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:creds:prod")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:creds:$LATEST")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:creds:7")]
    public void Evaluate_WhenLambdaArnInTheModelRegion_Passes(string arn)
    {
        var finding = Assert.Single(Evaluate(_rule, Model([Container(provider: arn)])));

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Equal(8, finding.Location!.Line);
    }

    [Covers("PFC-CFG-003", Outcome.Fail)]
    [Theory]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:layer:creds", "is not a Lambda function ARN")]
    [InlineData("creds", "is not a Lambda function ARN")]
    [InlineData("arn:aws:lambda:us-east-1:12345:function:creds", "is not a Lambda function ARN")]
    [InlineData("arn:aws:lambda:eu-west-1:123456789012:function:creds", "is in eu-west-1 but model vpc-model is created in us-east-1")]
    [InlineData("arn:aws-cn:lambda:cn-north-1:123456789012:function:creds", "partition aws-cn but model vpc-model is in aws")]
    public void Evaluate_WhenArnIsWrong_FailsSayingWhy(string arn, string expected)
    {
        var finding = Assert.Single(Evaluate(_rule, Model([Container(provider: arn)])));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains(expected, finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-CFG-003", Outcome.Pass)]
    [Fact]
    public void Evaluate_WhenRegionUnknown_PassesButSaysTheRegionWasNotCompared()
    {
        var finding = Assert.Single(Evaluate(_rule, Model([Container(provider: "arn:aws:lambda:eu-west-1:123456789012:function:creds")]), region: null));

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains("region could not be compared", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-CFG-003", Outcome.NotApplicable)]
    [Fact]
    public void Evaluate_WhenNoAuthConfig_IsNotApplicable()
    {
        var finding = Assert.Single(Evaluate(_rule, Model([Container(provider: null)])));

        Assert.Equal(Outcome.NotApplicable, finding.Outcome);
    }
}
