using Amazon.EC2.Model;
using PreflightCheck.IntegrationTests.AwsFake;

namespace PreflightCheck.IntegrationTests.AwsFakeTests;

/// <summary>Each EC2 answer read back through the real SDK's unmarshallers, so a wrong element name shows up as a missing field.</summary>
public sealed class Ec2ShapeTests : IAsyncLifetime
{
    private AwsFakeServer _server = null!;
    private Amazon.EC2.AmazonEC2Client _ec2 = null!;

    public async Task InitializeAsync()
    {
        _server = await AwsFakeServer.StartAsync("healthy");
        _ec2 = FakeClients.Ec2(_server);
    }

    public async Task DisposeAsync()
    {
        _ec2.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task DescribeNetworkInterfaces_WhenFilteredByPrivateAddress_FindsTheRegistryInterface()
    {
        var response = await _ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest
        {
            Filters = [new Filter("addresses.private-ip-address", ["127.20.0.7"])],
        });

        var eni = Assert.Single(response.NetworkInterfaces);
        Assert.Equal(("eni-0a1000000000000c1", "subnet-0a3000000000000a3", "vpc-0a1a1a1a1a1a1a1a1"), (eni.NetworkInterfaceId, eni.SubnetId, eni.VpcId));
        Assert.Equal(["sg-0a1000000000000b2"], eni.Groups.Select(g => g.GroupId));
        Assert.Equal("i-0a1000000000000d1", eni.Attachment.InstanceId);
        Assert.Equal("127.20.0.7", Assert.Single(eni.PrivateIpAddresses).PrivateIpAddress);
    }

    [Fact]
    public async Task DescribeSecurityGroups_WhenRead_CarriesGroupReferencesPrefixListsIpv6AndAllProtocols()
    {
        var response = await _ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { GroupIds = ["sg-0a1000000000000b2", "sg-0a1000000000000b1"] });

        var registry = response.SecurityGroups.Single(g => g.GroupId == "sg-0a1000000000000b2");
        var fromModels = registry.IpPermissions.Single(p => p.FromPort == 5000);
        Assert.Equal(("tcp", 5000), (fromModels.IpProtocol, fromModels.ToPort));
        Assert.Equal("sg-0a1000000000000b1", Assert.Single(fromModels.UserIdGroupPairs).GroupId);
        Assert.Equal("pl-0a1000000000000e1", Assert.Single(registry.IpPermissions.Single(p => p.FromPort == 22).PrefixListIds).Id);
        var all = Assert.Single(registry.IpPermissionsEgress);
        Assert.Equal("-1", all.IpProtocol);
        Assert.Equal("0.0.0.0/0", Assert.Single(all.Ipv4Ranges).CidrIp);
        Assert.Equal("::/0", Assert.Single(all.Ipv6Ranges).CidrIpv6);
        var model = response.SecurityGroups.Single(g => g.GroupId == "sg-0a1000000000000b1");
        Assert.Equal("127.20.0.7/32", model.IpPermissionsEgress.Single(p => p.FromPort == 5000).Ipv4Ranges.Single().CidrIp);
    }

    [Fact]
    public async Task DescribeRouteTables_WhenFilteredBySubnetAssociation_ReturnsTargetsOfEveryKind()
    {
        var response = await _ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest
        {
            Filters = [new Filter("association.subnet-id", ["subnet-0a1000000000000a1"])],
        });

        var table = Assert.Single(response.RouteTables);
        Assert.Equal("rtb-0a1000000000000f2", table.RouteTableId);
        Assert.Contains(table.Routes, r => r.DestinationCidrBlock == "127.20.0.0/16" && r.GatewayId == "local");
        Assert.Contains(table.Routes, r => r.DestinationCidrBlock == "127.30.0.0/16" && r.VpcPeeringConnectionId == "pcx-0a1b2000000000001");
        Assert.Contains(table.Routes, r => r.DestinationCidrBlock == "0.0.0.0/0" && r.NatGatewayId == "nat-0a1000000000000a1");
        Assert.Contains(table.Routes, r => r.DestinationPrefixListId == "pl-63a5400a" && r.GatewayId == "vpce-0a1000000000000e4");
        Assert.Contains(table.Associations, a => a.SubnetId == "subnet-0a1000000000000a1" && a.Main == false);

        var main = await _ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest
        {
            Filters = [new Filter("vpc-id", ["vpc-0a1a1a1a1a1a1a1a1"]), new Filter("association.main", ["true"])],
        });
        Assert.Equal("rtb-0a1000000000000f1", Assert.Single(main.RouteTables).RouteTableId);
        Assert.Contains(main.RouteTables[0].Associations, a => a.Main == true);
    }

    [Fact]
    public async Task DescribeNetworkAcls_WhenRead_IncludesTheCatchAllDenyEntries()
    {
        var response = await _ec2.DescribeNetworkAclsAsync(new DescribeNetworkAclsRequest
        {
            Filters = [new Filter("association.subnet-id", ["subnet-0a3000000000000a3"])],
        });

        var acl = Assert.Single(response.NetworkAcls);
        Assert.Equal(true, acl.IsDefault);
        Assert.Contains(acl.Entries, e => e.RuleNumber == 100 && e.Egress == false && e.RuleAction == "allow" && e.Protocol == "-1");
        Assert.Contains(acl.Entries, e => e.RuleNumber == 32767 && e.Egress == true && e.RuleAction == "deny" && e.CidrBlock == "0.0.0.0/0");
        Assert.Contains(acl.Associations, a => a.SubnetId == "subnet-0a3000000000000a3");
    }

    [Fact]
    public async Task DescribeVpcEndpoints_WhenFilteredByServiceName_ReturnsTheInterfaceEndpointWithPrivateDns()
    {
        var response = await _ec2.DescribeVpcEndpointsAsync(new DescribeVpcEndpointsRequest
        {
            Filters = [new Filter("vpc-id", ["vpc-0a1a1a1a1a1a1a1a1"]), new Filter("service-name", ["com.amazonaws.us-east-1.lambda"])],
        });

        var endpoint = Assert.Single(response.VpcEndpoints);
        Assert.Equal(Amazon.EC2.VpcEndpointType.Interface, endpoint.VpcEndpointType);
        Assert.True(endpoint.PrivateDnsEnabled);
        Assert.Equal(["sg-0a1000000000000b3"], endpoint.Groups.Select(g => g.GroupId));
        Assert.Equal(2, endpoint.SubnetIds.Count);
        Assert.Contains("\"Action\":\"*\"", endpoint.PolicyDocument, StringComparison.Ordinal);
        Assert.Contains(endpoint.DnsEntries, d => d.DnsName == "lambda.us-east-1.amazonaws.com");
    }

    [Fact]
    public async Task DescribeVpcAttributeAndDhcpOptions_WhenRead_ReturnDnsSettings()
    {
        var support = await _ec2.DescribeVpcAttributeAsync(new DescribeVpcAttributeRequest { VpcId = "vpc-0a1a1a1a1a1a1a1a1", Attribute = Amazon.EC2.VpcAttributeName.EnableDnsSupport });
        var hostnames = await _ec2.DescribeVpcAttributeAsync(new DescribeVpcAttributeRequest { VpcId = "vpc-0a1a1a1a1a1a1a1a1", Attribute = Amazon.EC2.VpcAttributeName.EnableDnsHostnames });
        var vpc = Assert.Single((await _ec2.DescribeVpcsAsync(new DescribeVpcsRequest { VpcIds = ["vpc-0a1a1a1a1a1a1a1a1"] })).Vpcs);
        var dhcp = Assert.Single((await _ec2.DescribeDhcpOptionsAsync(new DescribeDhcpOptionsRequest { DhcpOptionsIds = [vpc.DhcpOptionsId] })).DhcpOptions);

        Assert.True(support.EnableDnsSupport);
        Assert.True(hostnames.EnableDnsHostnames);
        Assert.Equal("127.20.0.0/16", vpc.CidrBlock);
        Assert.Equal(["AmazonProvidedDNS"], dhcp.DhcpConfigurations.Single(c => c.Key == "domain-name-servers").Values);
    }

    [Fact]
    public async Task GatewaysPeeringAndPrefixLists_WhenRead_ReturnScenarioValues()
    {
        var nat = Assert.Single((await _ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { Filter = [new Filter("vpc-id", ["vpc-0a1a1a1a1a1a1a1a1"])] })).NatGateways);
        var igw = Assert.Single((await _ec2.DescribeInternetGatewaysAsync(new DescribeInternetGatewaysRequest { Filters = [new Filter("attachment.vpc-id", ["vpc-0a1a1a1a1a1a1a1a1"])] })).InternetGateways);
        var pcx = Assert.Single((await _ec2.DescribeVpcPeeringConnectionsAsync(new DescribeVpcPeeringConnectionsRequest())).VpcPeeringConnections);
        var lists = await _ec2.DescribeManagedPrefixListsAsync(new DescribeManagedPrefixListsRequest { PrefixListIds = ["pl-0a1000000000000e1"] });
        var entries = new List<string>();
        await foreach (var entry in _ec2.Paginators.GetManagedPrefixListEntries(new GetManagedPrefixListEntriesRequest { PrefixListId = "pl-0a1000000000000e1" }).Entries)
        {
            entries.Add(entry.Cidr);
        }

        Assert.Equal(("available", "subnet-0a4000000000000a4", "127.20.4.10"), (nat.State.Value, nat.SubnetId, nat.NatGatewayAddresses[0].PrivateIp));
        Assert.Equal("vpc-0a1a1a1a1a1a1a1a1", Assert.Single(igw.Attachments).VpcId);
        Assert.Equal(("active", "127.30.0.0/16"), (pcx.Status.Code.Value, pcx.AccepterVpcInfo.CidrBlock));
        Assert.Equal("corp-admins", Assert.Single(lists.PrefixLists).PrefixListName);
        Assert.Equal(7, entries.Count);
        Assert.Equal(2, _server.CallCount("ec2", "GetManagedPrefixListEntries"));
    }

    [Fact]
    public async Task DescribeSecurityGroupRules_WhenFilteredByGroup_ReturnsOneRulePerSource()
    {
        var response = await _ec2.DescribeSecurityGroupRulesAsync(new DescribeSecurityGroupRulesRequest
        {
            Filters = [new Filter("group-id", ["sg-0a1000000000000b3"])],
        });

        Assert.Equal(4, response.SecurityGroupRules.Count);
        Assert.Contains(response.SecurityGroupRules, r => r.IsEgress == false && r.ReferencedGroupInfo?.GroupId == "sg-0a1000000000000b1" && r.FromPort == 443);
        Assert.Contains(response.SecurityGroupRules, r => r.IsEgress == true && r.IpProtocol == "-1" && r.CidrIpv4 == "0.0.0.0/0");
    }

    [Fact]
    public async Task Describe_WhenAFilterNameIsUnknown_ReturnsInvalidParameterValue()
    {
        var error = await Assert.ThrowsAsync<Amazon.EC2.AmazonEC2Exception>(() => _ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest
        {
            Filters = [new Filter("no-such-filter", ["x"])],
        }));

        Assert.Equal("InvalidParameterValue", error.ErrorCode);
    }
}
