using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Lambda;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Lambda;

public partial class LambdaEndpointRulesTests
{
    [Covers("PFC-LMB-001", Outcome.Fail)]
    [Fact]
    public void InterfaceEndpoint_WhenVpcHasNoneAndNoNat_FailsAtTheProviderArn()
    {
        var noNat = MainTable with { Routes = [Route("10.0.0.0/16", RouteTargetKind.Local, "local")] };

        var finding = Single(new LambdaInterfaceEndpointRule(), Good().WithEndpoints(S3Endpoint).WithRouteTables(noNat));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal("container ModelContainer", finding.Target);
        Assert.Equal(PlanBuilder.At(8), finding.Location);
        Assert.Contains("com.amazonaws.us-east-1.lambda", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-LMB-001", Outcome.Fail)]
    [Fact]
    public void InterfaceEndpoint_WhenPending_Fails() =>
        Assert.Equal(Outcome.Fail, Single(new LambdaInterfaceEndpointRule(), Good().WithEndpoints(LambdaEndpoint with { State = "pending" })).Outcome);

    [Covers("PFC-LMB-001", Outcome.Fail)]
    [Fact]
    public void InterfaceEndpoint_WhenEndpointIsForAnotherRegionAndNoNat_Fails() =>
        Assert.Equal(Outcome.Fail, Single(new LambdaInterfaceEndpointRule(), Good()
            .WithEndpoints(LambdaEndpoint with { ServiceName = "com.amazonaws.eu-west-1.lambda" })
            .WithRouteTables(MainTable with { Routes = [Route("10.0.0.0/16", RouteTargetKind.Local, "local")] })).Outcome);

    [Covers("PFC-LMB-001", Outcome.Unknown)]
    [Fact]
    public void InterfaceEndpoint_WhenDescribeDenied_IsUnknownNamingTheAction()
    {
        var aws = Good().WithNetwork(n => n with { VpcEndpoints = new AwsItems<VpcEndpointFacts>(Denied("ec2:DescribeVpcEndpoints"), []) });

        var finding = Single(new LambdaInterfaceEndpointRule(), aws);

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("ec2:DescribeVpcEndpoints", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-LMB-001", Outcome.Pass)]
    [Fact]
    public void InterfaceEndpoint_WhenAvailableInTheModelVpc_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new LambdaInterfaceEndpointRule(), Good()).Outcome);
}
