using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Lambda;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Lambda;

public partial class LambdaFunctionRulesTests
{
    [Covers("PFC-LMB-008", Outcome.Pass)]
    [Fact]
    public void CrossAccountPolicy_WhenPolicyNamesTheRole_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new CrossAccountFunctionPolicyRule(), OtherAccountFunction(Statement("Allow", ["lambda:InvokeFunction"], [Provider], [Role]))).Outcome);

    [Covers("PFC-LMB-008", Outcome.Pass)]
    [Fact]
    public void CrossAccountPolicy_WhenPolicyNamesTheAccount_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new CrossAccountFunctionPolicyRule(), OtherAccountFunction(Statement("Allow", ["lambda:InvokeFunction"], [Provider], [Account]))).Outcome);

    [Covers("PFC-LMB-008", Outcome.Fail)]
    [Fact]
    public void CrossAccountPolicy_WhenPolicyNamesOnlyAService_Fails()
    {
        var finding = Single(new CrossAccountFunctionPolicyRule(), OtherAccountFunction(Statement("Allow", ["lambda:InvokeFunction"], [Provider], ["s3.amazonaws.com"])));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("add-permission", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-LMB-008", Outcome.Unknown)]
    [Fact]
    public void CrossAccountPolicy_WhenGetPolicyDenied_IsUnknown()
    {
        var aws = Good().WithFunction(f => f with { Account = "210987654321", Policy = new LambdaPolicyFacts(Denied("lambda:GetPolicy"), []) });

        Assert.Contains("lambda:GetPolicy", Single(new CrossAccountFunctionPolicyRule(), aws).Message, StringComparison.Ordinal);
    }
}
