using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Iam;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Iam;

public partial class IamRulesTests
{
    [Covers("PFC-IAM-005", Outcome.Fail)]
    [Fact]
    public void InvokeScope_WhenLambdaStarOnEverything_Warns()
    {
        var finding = Single(new InvokeScopeBroadRule(), Grants(Statement("Allow", ["lambda:*"], ["*"])));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("lambda-access", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-IAM-005", Outcome.Fail)]
    [Fact]
    public void InvokeScope_WhenEveryFunctionOfTheAccount_Warns() =>
        Assert.Equal(Outcome.Fail, Single(new InvokeScopeBroadRule(), Grants(Statement("Allow", ["lambda:InvokeFunction"], ["arn:aws:lambda:us-east-1:123456789012:function:*"]))).Outcome);

    [Covers("PFC-IAM-005", Outcome.Fail)]
    [Fact]
    public void InvokeScope_WhenLambdaStarOnTheProviderOnly_Warns() =>
        Assert.Equal(Outcome.Fail, Single(new InvokeScopeBroadRule(), Grants(Statement("Allow", ["lambda:*"], [Provider]))).Outcome);

    [Covers("PFC-IAM-005", Outcome.Pass)]
    [Fact]
    public void InvokeScope_WhenSageMakerNamePattern_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new InvokeScopeBroadRule(), Grants(Statement("Allow", ["lambda:InvokeFunction"], ["arn:aws:lambda:*:*:function:*SageMaker*"]))).Outcome);

    [Covers("PFC-IAM-005", Outcome.Pass)]
    [Fact]
    public void InvokeScope_WhenDenyStatementIsBroad_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new InvokeScopeBroadRule(), Grants(Statement("Deny", ["lambda:*"], ["*"]))).Outcome);

    [Covers("PFC-IAM-005", Outcome.Unknown)]
    [Fact]
    public void InvokeScope_WhenPolicyUnreadable_IsUnknown()
    {
        var aws = Good().WithRole(r => r with { Policies = [new IamPolicyFacts("managed", "arn:aws:iam::123456789012:policy/managed", IamPolicyKind.Managed, Denied("iam:GetPolicyVersion"))] });

        Assert.Equal(Outcome.Unknown, Single(new InvokeScopeBroadRule(), aws).Outcome);
    }
}
