using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Network;

public partial class RegistryTrafficRulesTests
{
    [Covers("PFC-NET-008", Outcome.Pass)]
    [Fact]
    public void RouteToRegistry_WhenSubnetUsesMainTable_PassesSayingSo()
    {
        var finding = Run(new RouteToRegistryRule(), Good())[0];

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains("main route table", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-NET-008", Outcome.Fail)]
    [Fact]
    public void RouteToRegistry_WhenExplicitTableHasABlackhole_FailsForThatSubnetOnly()
    {
        var outside = Good() with { RegistryAddresses = [Good().RegistryAddresses[0] with { Address = "10.20.5.20" }] };
        var own = new RouteTableFacts("rtb-0own", VpcId, false, [Subnet1],
            [Route("10.0.0.0/16", RouteTargetKind.Local, "local"), Route("10.20.0.0/16", RouteTargetKind.PeeringConnection, "pcx-0gone", "blackhole")]);
        var main = MainTable with { Routes = [.. MainTable.Routes, Route("10.20.0.0/16", RouteTargetKind.TransitGateway, "tgw-0123")] };

        var findings = Run(new RouteToRegistryRule(), outside.WithRouteTables(main, own));

        Assert.Equal(Outcome.Pass, findings[0].Outcome);
        Assert.Equal(Outcome.Fail, findings[1].Outcome);
        Assert.Contains("blackhole", findings[1].Message, StringComparison.Ordinal);
        Assert.Equal("rtb-0own", findings[1].Evidence!["routeTable"]);
    }

    [Covers("PFC-NET-008", Outcome.Fail)]
    [Fact]
    public void RouteToRegistry_WhenOnlyAnInternetGatewayCovers_Fails()
    {
        var aws = (Good() with { RegistryAddresses = [Good().RegistryAddresses[0] with { Address = "203.0.113.10" }] })
            .WithRouteTables(MainTable with { Routes = [Route("10.0.0.0/16", RouteTargetKind.Local, "local"), Route("0.0.0.0/0", RouteTargetKind.InternetGateway, "igw-0123")] });

        var finding = Run(new RouteToRegistryRule(), aws)[0];

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("no public address", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-NET-008", Outcome.Unknown)]
    [Fact]
    public void RouteToRegistry_WhenRouteTablesDenied_IsUnknown()
    {
        var aws = Good().WithNetwork(n => n with { RouteTables = new AwsItems<RouteTableFacts>(Denied("ec2:DescribeRouteTables"), []) });

        var finding = Run(new RouteToRegistryRule(), aws)[0];

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("ec2:DescribeRouteTables", finding.Message, StringComparison.Ordinal);
    }
}
