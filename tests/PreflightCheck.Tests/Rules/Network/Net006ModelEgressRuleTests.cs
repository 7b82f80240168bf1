using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Network;

public partial class RegistryTrafficRulesTests
{
    [Covers("PFC-NET-006", Outcome.Fail)]
    [Fact]
    public void ModelEgress_WhenOnlyAPrefixListIsAllowedOut_Fails()
    {
        var aws = Good()
            .WithGroup(new SecurityGroupFacts(ModelSg, AwsStatus.Ok, VpcId, "model", Account, [], [new SecurityGroupPermission("tcp", 443, 443, [], [], [], ["pl-63a5400a"])]))
            .WithNetwork(n => n with { PrefixLists = [new PrefixListFacts("pl-63a5400a", AwsStatus.Ok, "com.amazonaws.us-east-1.s3", ["52.216.0.0/15"])] });

        var finding = Single(new ModelEgressRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("registry 10.0.5.20 is not allowed out", finding.Message, StringComparison.Ordinal);
        Assert.Contains("Lambda endpoint vpce-0lambda is not allowed out", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-NET-006", Outcome.Pass)]
    [Fact]
    public void ModelEgress_WhenRegistryAndEndpointGroupAreListed_Passes()
    {
        var aws = Good().WithGroup(new SecurityGroupFacts(ModelSg, AwsStatus.Ok, VpcId, "model", Account, [], [Tcp(443, "10.0.5.20/32"), TcpFromGroup(443, LambdaSg)]));

        Assert.Equal(Outcome.Pass, Single(new ModelEgressRule(), aws).Outcome);
    }

    [Covers("PFC-NET-006", Outcome.Pass)]
    [Fact]
    public void ModelEgress_WhenEndpointSubnetsWereNotReadButAllOutboundIsOpen_Passes()
    {
        var aws = Good().WithEndpoints(LambdaEndpoint with { SubnetIds = ["subnet-0eeeeeeeeeeeeeee1"] }, S3Endpoint);

        Assert.Equal(Outcome.Pass, Single(new ModelEgressRule(), aws).Outcome);
    }

    [Covers("PFC-NET-006", Outcome.Unknown)]
    [Fact]
    public void ModelEgress_WhenEndpointSubnetsWereNotReadAndOnlyAModelSubnetIsAllowed_IsUnknown()
    {
        var aws = Good()
            .WithEndpoints(LambdaEndpoint with { SubnetIds = ["subnet-0eeeeeeeeeeeeeee1"] }, S3Endpoint)
            .WithGroup(new SecurityGroupFacts(ModelSg, AwsStatus.Ok, VpcId, "model", Account, [], [Tcp(443, "10.0.5.20/32", "10.0.1.0/24")]));

        Assert.Equal(Outcome.Unknown, Single(new ModelEgressRule(), aws).Outcome);
    }

    [Covers("PFC-NET-006", Outcome.Pass)]
    [Fact]
    public void ModelEgress_WhenOnlyTheEndpointsInterfaceAddressesAreAllowed_Passes()
    {
        var aws = Good()
            .WithEndpoints(EndpointWithInterfaces("10.0.11.5", "10.0.12.5"), S3Endpoint)
            .WithGroup(new SecurityGroupFacts(ModelSg, AwsStatus.Ok, VpcId, "model", Account, [], [Tcp(443, "10.0.5.20/32", "10.0.11.5/32", "10.0.12.5/32")]));

        Assert.Equal(Outcome.Pass, Single(new ModelEgressRule(), aws).Outcome);
    }

    [Covers("PFC-NET-006", Outcome.Fail)]
    [Fact]
    public void ModelEgress_WhenOneEndpointInterfaceAddressIsMissing_FailsNamingIt()
    {
        var aws = Good()
            .WithEndpoints(EndpointWithInterfaces("10.0.11.5", "10.0.12.5"), S3Endpoint)
            .WithGroup(new SecurityGroupFacts(ModelSg, AwsStatus.Ok, VpcId, "model", Account, [], [Tcp(443, "10.0.5.20/32", "10.0.11.5/32")]));

        var finding = Single(new ModelEgressRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("10.0.12.5", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-NET-006", Outcome.Unknown)]
    [Fact]
    public void ModelEgress_WhenPrefixListCannotBeRead_IsUnknown()
    {
        var aws = Good().WithGroup(new SecurityGroupFacts(ModelSg, AwsStatus.Ok, VpcId, "model", Account, [], [new SecurityGroupPermission("-1", null, null, [], [], [], ["pl-0private"])]));

        Assert.Equal(Outcome.Unknown, Single(new ModelEgressRule(), aws).Outcome);
    }
}
