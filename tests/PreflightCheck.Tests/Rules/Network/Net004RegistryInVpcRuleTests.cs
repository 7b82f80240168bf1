using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Network;

public partial class RegistryPathRulesTests
{
    [Covers("PFC-NET-004", Outcome.Pass)]
    [Fact]
    public void RegistryInVpc_WhenAddressIsInsideTheVpc_PassesNamingTheBlock()
    {
        var finding = Single(new RegistryInVpcRule(), Good());

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Equal($"container ModelContainer to {Host}:443 ({AwsFactsBuilder.RegistryAddress})", finding.Target);
        Assert.Equal(ImageLocation, finding.Location);
        Assert.Equal("10.0.0.0/16", finding.Evidence!["vpcCidrBlocks"]);
    }

    [Covers("PFC-NET-004", Outcome.Pass)]
    [Fact]
    public void RegistryInVpc_WhenOutsideButPeered_PassesSayingAwsDocumentsTheConnection()
    {
        var aws = Good().WithRouteTables(MainTable with { Routes = [.. MainTable.Routes, Route("10.20.0.0/16", RouteTargetKind.PeeringConnection, "pcx-0123")] });
        aws = aws with { RegistryAddresses = [aws.RegistryAddresses[0] with { Address = "10.20.5.20", Status = new AwsStatus(CollectionStatus.NotFound), Interfaces = [] }] };

        var finding = Single(new RegistryInVpcRule(), aws);

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains("networking connection between the two VPCs", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AWS documents only", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-NET-004", Outcome.Pass, Outcome.Fail)]
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RegistryInVpc_WhenANonPrivateRangeAddressIsPeered_CountsAsAVpcAddressOnlyWhenAnInterfaceHoldsIt(bool interfaceFound)
    {
        var aws = Good().WithRouteTables(MainTable with { Routes = [.. MainTable.Routes, Route("100.128.0.0/16", RouteTargetKind.PeeringConnection, "pcx-0123")] });
        var registry = aws.RegistryAddresses[0] with { Address = "100.128.5.20" };
        aws = aws with { RegistryAddresses = [interfaceFound ? registry : registry with { Status = new AwsStatus(CollectionStatus.NotFound), Interfaces = [] }] };

        var finding = Single(new RegistryInVpcRule(), aws);

        Assert.Equal(interfaceFound ? Outcome.Pass : Outcome.Fail, finding.Outcome);
        Assert.Contains(interfaceFound ? "pcx-0123" : "NAT", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-NET-004", Outcome.Fail)]
    [Fact]
    public void RegistryInVpc_WhenOutsideWithNoRoute_Fails()
    {
        var aws = Good() with { RegistryAddresses = [Good().RegistryAddresses[0] with { Address = "10.20.5.20" }] };

        var finding = Single(new RegistryInVpcRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains(Subnet0, finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-NET-004", Outcome.Pass)]
    [Fact]
    public void RegistryInVpc_WhenPublicAddressBehindNat_Passes()
    {
        var aws = Good() with { RegistryAddresses = [Good().RegistryAddresses[0] with { Address = "203.0.113.10", Status = new AwsStatus(CollectionStatus.NotFound), Interfaces = [] }] };

        var finding = Single(new RegistryInVpcRule(), aws);

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains("NAT", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-NET-004", Outcome.Unknown)]
    [Fact]
    public void RegistryInVpc_WhenRegistryDidNotResolve_IsUnknown()
    {
        var aws = Good() with { RegistryAddresses = [] };

        var finding = Single(new RegistryInVpcRule(), aws);

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("--registry-address", finding.Message, StringComparison.Ordinal);
    }
}
