using PreflightCheck.Core.Facts;
using PreflightCheck.Rules.Iam;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Iam;

public partial class IamRulesTests
{
    private static AwsFacts Invoke(string decision, params string[] policies) =>
        Good().WithSimulation(IamSimulationPurpose.RoleInvokeProvider, "lambda:InvokeFunction",
            s => s with { Decision = decision, MatchedStatements = policies.Select(p => new IamMatchedStatement(p, "IAM Policy")).ToArray() });

    [Theory]
    [InlineData("sagemaker-registry-creds", true)]
    [InlineData("MySageMakerCreds", true)]
    [InlineData("SagemakerCreds", true)]
    [InlineData("SAGEMAKER-creds", false)]
    [InlineData("sageMaker-creds", false)]
    [InlineData("registry-creds", false)]
    public void FullAccessPattern_WhenFunctionNamed_MatchesCaseSensitively(string name, bool expected) =>
        Assert.Equal(expected, RoleCanInvokeProviderRule.MatchesFullAccessPattern(name));

    private static AwsFacts Grants(params PolicyStatementFacts[] statements) =>
        Good().WithRole(r => r with { Policies = [new IamPolicyFacts("lambda-access", null, IamPolicyKind.Inline, AwsStatus.Ok, null, "{}", statements)] });

    [Theory]
    [InlineData("lambda:*", "lambda:InvokeFunction", true)]
    [InlineData("lambda:invoke*", "lambda:InvokeFunction", true)]
    [InlineData("lambda:Invoke?unction", "lambda:InvokeFunction", true)]
    [InlineData("lambda:GetFunction", "lambda:InvokeFunction", false)]
    [InlineData("*", "lambda:InvokeFunction", true)]
    [InlineData("s3:*", "lambda:InvokeFunction", false)]
    public void Like_WhenActionPatternGiven_MatchesCaseInsensitively(string pattern, string action, bool expected) =>
        Assert.Equal(expected, PolicyLogic.Like(pattern, action, ignoreCase: true));

    [Theory]
    [InlineData("arn:aws:lambda:*:*:function:*SageMaker*", "arn:aws:lambda:us-east-1:1:function:MySageMakerFn", true)]
    [InlineData("arn:aws:lambda:*:*:function:*SageMaker*", "arn:aws:lambda:us-east-1:1:function:mysagemakerfn", false)]
    [InlineData("arn:aws:lambda:us-east-1:1:function:creds", "arn:aws:lambda:us-east-1:1:function:creds:*", false)]
    [InlineData("arn:aws:lambda:us-east-1:1:function:creds*", "arn:aws:lambda:us-east-1:1:function:creds:*", true)]
    public void Like_WhenResourcePatternGiven_MatchesCaseSensitively(string pattern, string arn, bool expected) =>
        Assert.Equal(expected, PolicyLogic.Like(pattern, arn));
}
