using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Image;
using PreflightCheck.Rules.Network;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Network;

public partial class InternetPathRulesTests
{
    [Covers("PFC-IMG-004", Outcome.Pass)]
    [Fact]
    public void DockerHubInternetPath_WhenNatRoute_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new DockerHubInternetPathRule(), Good(), DockerHubModel).Outcome);

    [Covers("PFC-IMG-004", Outcome.Fail)]
    [Fact]
    public void DockerHubInternetPath_WhenOnlyInternetGateway_WarnsExplainingPublicAddresses()
    {
        var finding = Single(new DockerHubInternetPathRule(), Good().WithRouteTables(IgwOnly), DockerHubModel);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("no public address", finding.Message, StringComparison.Ordinal);
        Assert.Equal(ImageLocation, finding.Location);
    }

    [Covers("PFC-IMG-004", Outcome.Unknown)]
    [Fact]
    public void DockerHubInternetPath_WhenRouteTablesDenied_IsUnknown()
    {
        var aws = Good().WithNetwork(n => n with { RouteTables = new AwsItems<RouteTableFacts>(Denied("ec2:DescribeRouteTables"), []) });

        Assert.Equal(Outcome.Unknown, Single(new DockerHubInternetPathRule(), aws, DockerHubModel).Outcome);
    }

    [Covers("PFC-IMG-004", Outcome.Fail)]
    [Fact]
    public void DockerHubInternetPath_WhenBareNameResolvesToDockerHub_Applies() =>
        Assert.Equal(Outcome.Fail, Single(new DockerHubInternetPathRule(), Good().WithRouteTables(IgwOnly), Model(image: "python:3.12")).Outcome);
}
