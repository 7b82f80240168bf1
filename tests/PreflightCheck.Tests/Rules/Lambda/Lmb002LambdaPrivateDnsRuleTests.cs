using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Lambda;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Lambda;

public partial class LambdaEndpointRulesTests
{
    [Covers("PFC-LMB-002", Outcome.Unknown)]
    [Fact]
    public void PrivateDns_WhenOffOnTheEndpoint_IsUnknownWithTheDnsInstruction()
    {
        var finding = Single(new LambdaPrivateDnsRule(), Good().WithEndpoints(LambdaEndpoint with { PrivateDnsEnabled = false }));

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("lambda.us-east-1.amazonaws.com", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-LMB-002", Outcome.Fail)]
    [Fact]
    public void PrivateDns_WhenVpcHostnamesOff_Fails()
    {
        var aws = Good().WithNetwork(n => n with { Vpcs = [n.Vpcs[0] with { EnableDnsHostnames = new VpcDnsAttribute(AwsStatus.Ok, false) }] });

        var finding = Single(new LambdaPrivateDnsRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("--enable-dns-hostnames", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-LMB-002", Outcome.NotApplicable)]
    [Fact]
    public void PrivateDns_WhenNoEndpoint_DoesNotApply() =>
        Assert.Equal(Outcome.NotApplicable, Single(new LambdaPrivateDnsRule(), Good().WithEndpoints(S3Endpoint)).Outcome);

    [Covers("PFC-LMB-002", Outcome.Pass)]
    [Fact]
    public void PrivateDns_WhenOnWithVpcDnsHostnames_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new LambdaPrivateDnsRule(), Good()).Outcome);
}
