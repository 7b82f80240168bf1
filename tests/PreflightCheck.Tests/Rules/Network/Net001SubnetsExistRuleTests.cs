using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Network;

public partial class SubnetRulesTests
{
    [Covers("PFC-NET-001", Outcome.Fail)]
    [Fact]
    public void SubnetsExist_WhenSubnetIsMissing_FailsAtTheSubnetsLocation()
    {
        var aws = Good().WithSubnet(new SubnetFacts(Subnet1, new AwsStatus(CollectionStatus.NotFound, "InvalidSubnetID.NotFound")));

        var findings = Run(new SubnetsExistRule(), aws);

        Assert.Equal(Outcome.Pass, findings[0].Outcome);
        var fail = findings[1];
        Assert.Equal(Outcome.Fail, fail.Outcome);
        Assert.Equal($"subnet {Subnet1}", fail.Target);
        Assert.Equal(PlanBuilder.At(14, 21), fail.Location);
        Assert.Contains("does not exist", fail.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-NET-001", Outcome.Unknown)]
    [Fact]
    public void SubnetsExist_WhenDescribeIsDenied_IsUnknownNamingTheAction()
    {
        var aws = Good().WithSubnet(new SubnetFacts(Subnet0, Denied("ec2:DescribeSubnets")));

        var finding = Run(new SubnetsExistRule(), aws)[0];

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("ec2:DescribeSubnets", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-NET-001", Outcome.Pass)]
    [Fact]
    public void SubnetsExist_WhenEverySubnetExists_PassesForEach()
    {
        var findings = Run(new SubnetsExistRule(), Good());

        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal(Outcome.Pass, f.Outcome));
    }
}
