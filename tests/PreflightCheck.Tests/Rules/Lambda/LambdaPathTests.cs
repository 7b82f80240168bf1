using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Lambda;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Lambda;

/// <summary>PFC-LMB-001 when the VPC has no Lambda endpoint (the NAT path), and PFC-LMB-005 when the VPC hands out no DNS server.</summary>
public class LambdaPathTests
{
    private const string Nat = "nat-0123456789abcdef0";

    /// <summary>Good() routes every model subnet to a NAT gateway through the main table and allows everything out.</summary>
    private static AwsFacts NoEndpoint() => Good().WithEndpoints(S3Endpoint);

    private static RouteTableFacts LocalOnlyFor(string subnet) =>
        new("rtb-0f1e2d3c4b5a69788", VpcId, false, [subnet], [Route("10.0.0.0/16", RouteTargetKind.Local, "local")]);

    [Fact]
    public void InterfaceEndpoint_WhenNoEndpointButEverySubnetHasNat_PassesSayingThePathIsNat()
    {
        var finding = Single(new LambdaInterfaceEndpointRule(), NoEndpoint());

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.StartsWith("The path to Lambda is NAT:", finding.Message, StringComparison.Ordinal);
        Assert.Contains(Nat, finding.Message, StringComparison.Ordinal);
        Assert.Equal("nat", finding.Evidence!["path"]);
        Assert.Contains($"{Subnet1}: rtb-0main (main) 0.0.0.0/0 -> {Nat}", finding.Evidence["paths"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PFC-LMB-002")]
    [InlineData("PFC-LMB-003")]
    [InlineData("PFC-LMB-004")]
    public void EndpointRules_WhenThePathIsNat_DoNotApply(string id) =>
        Assert.Equal(Outcome.NotApplicable, Single(RuleById(id), NoEndpoint()).Outcome);

    [Fact]
    public void InterfaceEndpoint_WhenNoEndpointAndOneSubnetHasOnlyALocalRoute_FailsNamingThatSubnet()
    {
        var finding = Single(new LambdaInterfaceEndpointRule(), NoEndpoint().WithRouteTables(MainTable, LocalOnlyFor(Subnet1)));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains($"{Subnet1} (no NAT route: no 0.0.0.0/0 route in rtb-0f1e2d3c4b5a69788)", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain($"{Subnet0} (", finding.Message, StringComparison.Ordinal);
        Assert.False(finding.Evidence!.ContainsKey("path"));
    }

    [Fact]
    public void InterfaceEndpoint_WhenNatButTheModelGroupsAllowHttpsOnlyToTheRegistry_Fails()
    {
        var aws = NoEndpoint().WithGroup(new SecurityGroupFacts(ModelSg, AwsStatus.Ok, VpcId, "model", Account, [], [Tcp(443, RegistryAddress + "/32")]));

        var finding = Single(new LambdaInterfaceEndpointRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains($"the security groups {ModelSg} do not allow TCP 443 out to 0.0.0.0/0", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InterfaceEndpoint_WhenNatButTheSubnetAclDropsTheReplies_FailsNamingTheAcl()
    {
        var acl = new NetworkAclFacts("acl-0a1b2c3d4e5f67890", VpcId, false, [Subnet0, Subnet1],
            [Acl(100, true, "6", "0.0.0.0/0", true, 443, 443), Acl(100, false, "6", "10.0.0.0/16", true, 1024, 65535), Acl(32767, true, "-1", "0.0.0.0/0", false), Acl(32767, false, "-1", "0.0.0.0/0", false)]);

        var finding = Single(new LambdaInterfaceEndpointRule(), NoEndpoint().WithAcls(acl));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains($"{Subnet0} (network ACL: acl-0a1b2c3d4e5f67890", finding.Message, StringComparison.Ordinal);
        Assert.Contains("(replies)", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("available", "private", "private NAT gateway")]
    [InlineData("deleting", "public", "is deleting")]
    public void InterfaceEndpoint_WhenTheNatGatewayCannotReachTheInternet_Fails(string state, string connectivity, string words)
    {
        var aws = NoEndpoint().WithNetwork(n => n with
        {
            NatGateways = new AwsItems<NatGatewayFacts>(AwsStatus.Ok, [new NatGatewayFacts(Nat, VpcId, "subnet-0fedcba9876543210", state, connectivity)]),
        });

        var finding = Single(new LambdaInterfaceEndpointRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains(words, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InterfaceEndpoint_WhenNoEndpointAndTheRouteTablesCannotBeRead_IsUnknownNamingTheAction()
    {
        var aws = NoEndpoint().WithNetwork(n => n with { RouteTables = new AwsItems<RouteTableFacts>(Denied("ec2:DescribeRouteTables"), []) });

        var finding = Single(new LambdaInterfaceEndpointRule(), aws);

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("ec2:DescribeRouteTables", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelEgress_WhenThePathToLambdaIsNat_LeavesTheLambdaPartToLmb001()
    {
        var finding = Single(RuleById("PFC-NET-006"), NoEndpoint());

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.DoesNotContain("Lambda endpoint", finding.Message, StringComparison.Ordinal);
        Assert.Contains("PFC-LMB-001", finding.Evidence!["lambdaEndpoint"], StringComparison.Ordinal);
    }

    [Fact]
    public void DnsResolver_WhenDhcpOptionsIdIsDefault_FailsSayingThereIsNoDnsServer()
    {
        var aws = Good().WithNetwork(n => n with { Vpcs = [n.Vpcs[0] with { DhcpOptions = new DhcpOptionsFacts("default", AwsStatus.Ok, [], []) }] });

        var finding = Single(new VpcDnsResolverRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("DhcpOptionsId default", finding.Message, StringComparison.Ordinal);
        Assert.Contains("no DNS server", finding.Message, StringComparison.Ordinal);
        Assert.Equal("(none)", finding.Evidence!["domainNameServers"]);
    }

    [Fact]
    public void DnsResolver_WhenReplayedFactsHaveDefaultWithoutServerList_StillFailsSayingThereIsNoDnsServer()
    {
        var aws = Good().WithNetwork(n => n with { Vpcs = [n.Vpcs[0] with { DhcpOptions = new DhcpOptionsFacts("default", AwsStatus.Ok) }] });

        var finding = Single(new VpcDnsResolverRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("no DNS server", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DnsResolver_WhenAnOptionsSetListsNoDomainNameServers_FailsSayingThereIsNoDnsServer()
    {
        var aws = Good().WithNetwork(n => n with { Vpcs = [n.Vpcs[0] with { DhcpOptions = new DhcpOptionsFacts("dopt-0a1b2c3d4e5f67890", AwsStatus.Ok, [], ["corp.example"]) }] });

        var finding = Single(new VpcDnsResolverRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("dopt-0a1b2c3d4e5f67890 of VPC vpc-0abc1234def567890 list no domain-name-servers", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DnsResolver_WhenAmazonProvidedDns_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new VpcDnsResolverRule(), Good()).Outcome);
}
