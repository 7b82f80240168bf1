using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Iam;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Iam;

public partial class IamRulesTests
{
    [Covers("PFC-IAM-002", Outcome.Pass)]
    [Fact]
    public void CanInvoke_WhenAllowed_PassesNamingTheStatement()
    {
        var finding = Single(new RoleCanInvokeProviderRule(), Good());

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains("granted by invoke-creds", finding.Message, StringComparison.Ordinal);
        Assert.Equal(PlanBuilder.At(8), finding.Location);
    }

    [Covers("PFC-IAM-002", Outcome.Pass)]
    [Fact]
    public void CanInvoke_WhenOnlyFullAccessGrants_PassesWarningAboutTheNamePattern()
    {
        var finding = Single(new RoleCanInvokeProviderRule(), Invoke("allowed", "AmazonSageMakerFullAccess"));

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains("case-sensitive", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-IAM-002", Outcome.Fail)]
    [Fact]
    public void CanInvoke_WhenImplicitlyDeniedWithFullAccessAttached_FailsExplainingTheName()
    {
        var aws = Invoke("implicitDeny").WithRole(r => r with { Policies = [new IamPolicyFacts("AmazonSageMakerFullAccess", "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess", IamPolicyKind.Managed, AwsStatus.Ok)] });

        var finding = Single(new RoleCanInvokeProviderRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("'creds' does not", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-IAM-002", Outcome.Fail)]
    [Fact]
    public void CanInvoke_WhenExplicitlyDenied_FailsNamingTheDeny()
    {
        var finding = Single(new RoleCanInvokeProviderRule(), Invoke("explicitDeny", "deny-lambda"));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("deny-lambda", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-IAM-002", Outcome.Unknown)]
    [Fact]
    public void CanInvoke_WhenSimulationDenied_IsUnknownNamingTheAction()
    {
        var aws = Good().WithSimulation(IamSimulationPurpose.RoleInvokeProvider, "lambda:InvokeFunction", s => s with { Status = Denied("iam:SimulatePrincipalPolicy"), Decision = null });

        var finding = Single(new RoleCanInvokeProviderRule(), aws);

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("iam:SimulatePrincipalPolicy", finding.Message, StringComparison.Ordinal);
    }
}
