using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Lambda;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Lambda;

public partial class LambdaEndpointRulesTests
{
    [Covers("PFC-LMB-003", Outcome.Fail)]
    [Fact]
    public void EndpointReachable_WhenEndpointGroupAdmitsOnlyOneSubnet_Fails()
    {
        var aws = Good().WithGroup(new SecurityGroupFacts(LambdaSg, AwsStatus.Ok, VpcId, "lambda", Account, [Tcp(443, "10.0.1.0/24")], []));

        var finding = Single(new LambdaEndpointReachableRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains(LambdaSg, finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-LMB-003", Outcome.Pass)]
    [Fact]
    public void EndpointReachable_WhenModelZoneHasNoEndpointInterface_PassesNamingTheZone()
    {
        var aws = Good().WithEndpoints(LambdaEndpoint with { SubnetIds = [Subnet0] }, S3Endpoint);

        var finding = Single(new LambdaEndpointReachableRule(), aws);

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains($"{Subnet1} (us-east-1b)", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-LMB-003", Outcome.Pass)]
    [Fact]
    public void EndpointReachable_WhenEndpointSubnetsAreNotModelSubnets_NamesTheZoneFromItsInterfaces()
    {
        var eni = new NetworkInterfaceFacts("eni-0a1b2c3d4e5f67891", "subnet-0fedcba9876543211", VpcId, "us-east-1a", [LambdaSg], "vpc_endpoint",
            "VPC Endpoint Interface vpce-0lambda", "727180483921", true, null, ["10.0.11.5"]);
        var aws = Good().WithEndpoints(LambdaEndpoint with
        {
            SubnetIds = ["subnet-0fedcba9876543211"],
            NetworkInterfaceIds = [eni.Id],
            NetworkInterfaces = new AwsItems<NetworkInterfaceFacts>(AwsStatus.Ok, [eni]),
        }, S3Endpoint);

        var finding = Single(new LambdaEndpointReachableRule(), aws);

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains($"{Subnet1} (us-east-1b)", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain($"{Subnet0} (", finding.Message, StringComparison.Ordinal);
    }
}
