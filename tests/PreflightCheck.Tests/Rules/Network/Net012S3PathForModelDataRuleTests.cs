using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules;
using PreflightCheck.Rules.Network;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Network;

public partial class InternetPathRulesTests
{
    [Covers("PFC-NET-012", Outcome.Fail)]
    [Fact]
    public void S3PathForModelData_WhenNeitherGatewayNorNat_FailsAtErrorLevelQuotingWhatSageMakerSays()
    {
        var aws = Good().WithRouteTables(IgwOnly).WithEndpoints(LambdaEndpoint);

        var finding = Single(new S3PathForModelDataRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal(Level.Error, BuiltInRules.Catalog["PFC-NET-012"].Level);
        Assert.Equal(PlanBuilder.At(10), finding.Location);
        Assert.Contains("com.amazonaws.us-east-1.s3", finding.Message, StringComparison.Ordinal);
        Assert.Contains("S3 VPC endpoint exists in route table or NAT gateway", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-NET-012", Outcome.Pass)]
    [Fact]
    public void S3PathForModelData_WhenGatewayEndpointOnTheTable_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new S3PathForModelDataRule(), Good().WithRouteTables(IgwOnly)).Outcome);

    [Covers("PFC-NET-012", Outcome.NotApplicable)]
    [Fact]
    public void S3PathForModelData_WhenNoModelData_DoesNotApply() =>
        Assert.Equal(Outcome.NotApplicable, Single(new S3PathForModelDataRule(), Good(), Model(modelData: null)).Outcome);

    [Covers("PFC-NET-012", Outcome.Unknown)]
    [Fact]
    public void S3PathForModelData_WhenEndpointsDenied_IsUnknown()
    {
        var aws = Good().WithNetwork(n => n with { VpcEndpoints = new AwsItems<VpcEndpointFacts>(Denied("ec2:DescribeVpcEndpoints"), []) });

        Assert.Contains("ec2:DescribeVpcEndpoints", Single(new S3PathForModelDataRule(), aws).Message, StringComparison.Ordinal);
    }
}
