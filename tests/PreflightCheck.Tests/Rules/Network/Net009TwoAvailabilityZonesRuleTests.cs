using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Network;

public partial class SubnetRulesTests
{
    [Covers("PFC-NET-009", Outcome.Fail)]
    [Fact]
    public void TwoAvailabilityZones_WhenSubnetsShareOneZone_Warns()
    {
        var aws = Good().WithSubnet(new SubnetFacts(Subnet1, AwsStatus.Ok, VpcId, "us-east-1a", null, ["10.0.2.0/24"], [], 100));

        var finding = Single(new TwoAvailabilityZonesRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal("us-east-1a", finding.Evidence!["availabilityZones"]);
    }

    [Covers("PFC-NET-009", Outcome.Unknown)]
    [Fact]
    public void TwoAvailabilityZones_WhenOneSubnetIsUnreadable_IsUnknown()
    {
        var aws = Good().WithSubnet(new SubnetFacts(Subnet1, Denied("ec2:DescribeSubnets")));

        Assert.Equal(Outcome.Unknown, Single(new TwoAvailabilityZonesRule(), aws).Outcome);
    }

    [Covers("PFC-NET-009", Outcome.Pass)]
    [Fact]
    public void TwoAvailabilityZones_WhenSubnetsSpanTwoZones_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new TwoAvailabilityZonesRule(), Good()).Outcome);
}
