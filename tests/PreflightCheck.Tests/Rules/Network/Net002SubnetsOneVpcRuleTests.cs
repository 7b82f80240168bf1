using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Network;

public partial class SubnetRulesTests
{
    [Covers("PFC-NET-002", Outcome.Fail)]
    [Fact]
    public void SubnetsOneVpc_WhenSubnetsAreInTwoVpcs_Fails()
    {
        var aws = Good().WithSubnet(new SubnetFacts(Subnet1, AwsStatus.Ok, "vpc-0other", "us-east-1b", null, ["10.1.2.0/24"], [], 100));

        var finding = Single(new SubnetsOneVpcRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("vpc-0other", finding.Message, StringComparison.Ordinal);
        Assert.Contains(VpcId, finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-NET-002", Outcome.Unknown)]
    [Fact]
    public void SubnetsOneVpc_WhenASubnetCannotBeRead_IsUnknown()
    {
        var aws = Good().WithSubnet(new SubnetFacts(Subnet1, Denied("ec2:DescribeSubnets")));

        Assert.Equal(Outcome.Unknown, Single(new SubnetsOneVpcRule(), aws).Outcome);
    }

    [Covers("PFC-NET-002", Outcome.Pass)]
    [Fact]
    public void SubnetsOneVpc_WhenSubnetsShareTheVpc_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new SubnetsOneVpcRule(), Good()).Outcome);
}
