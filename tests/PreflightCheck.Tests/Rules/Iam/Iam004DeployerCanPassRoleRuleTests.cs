using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Iam;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Iam;

public partial class IamRulesTests
{
    [Covers("PFC-IAM-004", Outcome.Fail)]
    [Fact]
    public void PassRole_WhenDeployerMayNotPass_WarnsNamingTheContextKey()
    {
        var aws = Good().WithSimulation(IamSimulationPurpose.DeployerPassRole, "iam:PassRole", s => s with { Decision = "implicitDeny" });

        var finding = Single(new DeployerCanPassRoleRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("iam:PassedToService", finding.Message, StringComparison.Ordinal);
        Assert.Equal(Caller, finding.Evidence!["deployer"]);
    }

    [Covers("PFC-IAM-004", Outcome.Unknown)]
    [Fact]
    public void PassRole_WhenDeployerArnGiven_SimulatesThatIdentity()
    {
        var aws = Good() with { DeployerArn = "arn:aws:iam::123456789012:role/pipeline" };

        var finding = Single(new DeployerCanPassRoleRule(), aws);

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Equal("arn:aws:iam::123456789012:role/pipeline", finding.Evidence!["deployer"]);
    }

    [Covers("PFC-IAM-004", Outcome.Fail)]
    [Fact]
    public void PassRole_WhenCreateModelDenied_Warns() =>
        Assert.Equal(Outcome.Fail, Single(new DeployerCanPassRoleRule(), Good().WithSimulation(IamSimulationPurpose.DeployerCreateModel, "sagemaker:CreateModel", s => s with { Decision = "explicitDeny" })).Outcome);

    [Covers("PFC-IAM-004", Outcome.Pass)]
    [Fact]
    public void PassRole_WhenDeployerMayPassAndCreate_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new DeployerCanPassRoleRule(), Good()).Outcome);
}
