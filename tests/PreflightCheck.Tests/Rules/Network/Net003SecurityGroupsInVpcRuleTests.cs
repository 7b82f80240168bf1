using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Network;

public partial class SubnetRulesTests
{
    [Covers("PFC-NET-003", Outcome.Fail)]
    [Fact]
    public void SecurityGroupsInVpc_WhenGroupIsInAnotherVpc_Fails()
    {
        var aws = Good().WithGroup(new SecurityGroupFacts(ModelSg, AwsStatus.Ok, "vpc-0other", "elsewhere", Account, [], []));

        var finding = Single(new SecurityGroupsInVpcRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal($"security group {ModelSg}", finding.Target);
        Assert.Equal(PlanBuilder.At(13, 20), finding.Location);
    }

    [Covers("PFC-NET-003", Outcome.Fail)]
    [Fact]
    public void SecurityGroupsInVpc_WhenGroupIsMissing_Fails()
    {
        var aws = Good().WithGroup(new SecurityGroupFacts(ModelSg, new AwsStatus(CollectionStatus.NotFound, "InvalidGroup.NotFound")));

        Assert.Equal(Outcome.Fail, Single(new SecurityGroupsInVpcRule(), aws).Outcome);
    }

    [Covers("PFC-NET-003", Outcome.Unknown)]
    [Fact]
    public void SecurityGroupsInVpc_WhenDescribeIsDenied_IsUnknown()
    {
        var aws = Good().WithGroup(new SecurityGroupFacts(ModelSg, Denied("ec2:DescribeSecurityGroups")));

        var finding = Single(new SecurityGroupsInVpcRule(), aws);

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("ec2:DescribeSecurityGroups", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-NET-003", Outcome.Pass)]
    [Fact]
    public void SecurityGroupsInVpc_WhenEveryGroupIsInTheVpc_Passes()
    {
        var findings = Run(new SecurityGroupsInVpcRule(), Good());

        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Equal(Outcome.Pass, f.Outcome));
    }
}
