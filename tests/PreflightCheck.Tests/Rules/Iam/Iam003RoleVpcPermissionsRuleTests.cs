using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Iam;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Iam;

public partial class IamRulesTests
{
    [Covers("PFC-IAM-003", Outcome.Fail)]
    [Fact]
    public void VpcPermissions_WhenCreateNetworkInterfaceDenied_Fails()
    {
        var aws = Good().WithSimulation(IamSimulationPurpose.RoleVpcAccess, "ec2:CreateNetworkInterface", s => s with { Decision = "implicitDeny" });

        var finding = Single(new RoleVpcPermissionsRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("ec2:CreateNetworkInterface", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-IAM-003", Outcome.Fail)]
    [Fact]
    public void VpcPermissions_WhenOnlyDescribeVpcEndpointsMissing_FailsNamingIt()
    {
        var aws = Good().WithSimulation(IamSimulationPurpose.RoleVpcAccess, "ec2:DescribeVpcEndpoints", s => s with { Decision = "implicitDeny" });

        var finding = Single(new RoleVpcPermissionsRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("lacks ec2:DescribeVpcEndpoints,", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-IAM-003", Outcome.Pass)]
    [Fact]
    public void VpcPermissions_WhenEveryListedActionIsAllowed_PassesWithTheTenDecisionsAsEvidence()
    {
        var finding = Single(new RoleVpcPermissionsRule(), Good());

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Equal(10, finding.Evidence!["decisions"].Split(", ").Count(d => d.EndsWith(" allowed", StringComparison.Ordinal)));
        Assert.Contains("ec2:DescribeVpcEndpoints allowed", finding.Evidence["decisions"], StringComparison.Ordinal);
    }

    [Covers("PFC-IAM-003", Outcome.Unknown)]
    [Fact]
    public void VpcPermissions_WhenSimulationFailed_IsUnknown()
    {
        var aws = Good().WithSimulation(IamSimulationPurpose.RoleVpcAccess, "ec2:DescribeSubnets", s => s with { Status = Denied("iam:SimulatePrincipalPolicy"), Decision = null });

        Assert.Equal(Outcome.Unknown, Single(new RoleVpcPermissionsRule(), aws).Outcome);
    }
}
