using Amazon.EC2.Model;
using PreflightCheck.Core.Facts;

namespace PreflightCheck.Collectors.Aws;

/// <summary>SDK shapes to facts. SDK v4 leaves absent lists null, so every list is read through <c>?? []</c>.</summary>
internal static class Ec2Mapping
{
    public static SubnetFacts Subnet(Subnet s) => new(
        s.SubnetId, AwsStatus.Ok, s.VpcId, s.AvailabilityZone, s.AvailabilityZoneId,
        s.CidrBlock is null ? [] : [s.CidrBlock],
        (s.Ipv6CidrBlockAssociationSet ?? []).Select(a => a.Ipv6CidrBlock).OfType<string>().ToArray(),
        s.AvailableIpAddressCount);

    public static VpcFacts Vpc(Vpc v)
    {
        var v4 = (v.CidrBlockAssociationSet ?? []).Where(a => a.CidrBlockState?.State is null || a.CidrBlockState.State.Value == "associated").Select(a => a.CidrBlock).OfType<string>().ToList();
        if (v4.Count == 0 && v.CidrBlock is not null)
        {
            v4.Add(v.CidrBlock);
        }

        return new VpcFacts(v.VpcId, AwsStatus.Ok, v4,
            (v.Ipv6CidrBlockAssociationSet ?? []).Select(a => a.Ipv6CidrBlock).OfType<string>().ToArray(),
            v.OwnerId,
            DhcpOptions: v.DhcpOptionsId switch
            {
                null => null,
                NoDhcpOptions => NoOptions,
                var id => new DhcpOptionsFacts(id, AwsStatus.Skipped("not looked up")),
            });
    }

    /// <summary>The DhcpOptionsId of a VPC associated with no DHCP options set; there is nothing to describe.</summary>
    public const string NoDhcpOptions = "default";

    /// <summary>No options set means no option at all: no DNS server and no domain name are handed out.</summary>
    private static readonly DhcpOptionsFacts NoOptions = new(NoDhcpOptions, AwsStatus.Ok, [], []);

    public static DhcpOptionsFacts Dhcp(DhcpOptions d)
    {
        IReadOnlyList<string> Values(string key) =>
            (d.DhcpConfigurations ?? []).Where(c => c.Key == key).SelectMany(c => c.Values ?? []).OfType<string>().ToArray();
        return new DhcpOptionsFacts(d.DhcpOptionsId, AwsStatus.Ok, Values("domain-name-servers"), Values("domain-name"));
    }

    public static SecurityGroupFacts Group(SecurityGroup g) => new(
        g.GroupId, AwsStatus.Ok, g.VpcId, g.GroupName, g.OwnerId,
        (g.IpPermissions ?? []).Select(Permission).ToArray(),
        (g.IpPermissionsEgress ?? []).Select(Permission).ToArray());

    public static SecurityGroupPermission Permission(IpPermission p)
    {
        var protocol = p.IpProtocol ?? "-1";
        var allPorts = protocol == "-1";
        return new SecurityGroupPermission(
            protocol,
            allPorts ? null : p.FromPort,
            allPorts ? null : p.ToPort,
            (p.Ipv4Ranges ?? []).Select(r => r.CidrIp).OfType<string>().ToArray(),
            (p.Ipv6Ranges ?? []).Select(r => r.CidrIpv6).OfType<string>().ToArray(),
            (p.UserIdGroupPairs ?? []).Where(u => u.GroupId is not null).Select(u => new Core.Facts.SecurityGroupReference(u.GroupId, u.UserId, u.VpcId, u.PeeringStatus)).ToArray(),
            (p.PrefixListIds ?? []).Select(l => l.Id).OfType<string>().ToArray());
    }

    public static RouteTableFacts RouteTable(RouteTable t) => new(
        t.RouteTableId, t.VpcId,
        (t.Associations ?? []).Any(a => a.Main == true),
        (t.Associations ?? []).Select(a => a.SubnetId).OfType<string>().ToArray(),
        (t.Routes ?? []).Select(Route).ToArray());

    public static RouteFacts Route(Route r)
    {
        var (kind, id) = r switch
        {
            { NatGatewayId: { } nat } => (RouteTargetKind.NatGateway, nat),
            { VpcPeeringConnectionId: { } pcx } => (RouteTargetKind.PeeringConnection, pcx),
            { TransitGatewayId: { } tgw } => (RouteTargetKind.TransitGateway, tgw),
            { EgressOnlyInternetGatewayId: { } eigw } => (RouteTargetKind.EgressOnlyInternetGateway, eigw),
            { LocalGatewayId: { } lgw } => (RouteTargetKind.LocalGateway, lgw),
            { CarrierGatewayId: { } cagw } => (RouteTargetKind.CarrierGateway, cagw),
            { CoreNetworkArn: { } core } => (RouteTargetKind.CoreNetwork, core),
            { GatewayId: "local" } => (RouteTargetKind.Local, "local"),
            { GatewayId: { } g } when g.StartsWith("igw-", StringComparison.Ordinal) => (RouteTargetKind.InternetGateway, g),
            { GatewayId: { } g } when g.StartsWith("vgw-", StringComparison.Ordinal) => (RouteTargetKind.VirtualPrivateGateway, g),
            { GatewayId: { } g } when g.StartsWith("vpce-", StringComparison.Ordinal) => (RouteTargetKind.VpcEndpoint, g),
            { GatewayId: { } g } when g.StartsWith("nat-", StringComparison.Ordinal) => (RouteTargetKind.NatGateway, g),
            { GatewayId: { } g } when g.StartsWith("pcx-", StringComparison.Ordinal) => (RouteTargetKind.PeeringConnection, g),
            { GatewayId: { } g } when g.StartsWith("tgw-", StringComparison.Ordinal) => (RouteTargetKind.TransitGateway, g),
            { InstanceId: { } i } => (RouteTargetKind.Instance, i),
            { NetworkInterfaceId: { } eni } => (RouteTargetKind.NetworkInterface, eni),
            { GatewayId: { } g } => (RouteTargetKind.Other, g),
            _ => (RouteTargetKind.Other, (string?)null),
        };
        return new RouteFacts(r.DestinationCidrBlock, r.DestinationIpv6CidrBlock, r.DestinationPrefixListId, kind, id, r.State?.Value);
    }

    public static NetworkAclFacts Acl(NetworkAcl a) => new(
        a.NetworkAclId, a.VpcId, a.IsDefault == true,
        (a.Associations ?? []).Select(x => x.SubnetId).OfType<string>().ToArray(),
        (a.Entries ?? []).Select(e => new NetworkAclEntryFacts(
            e.RuleNumber ?? 0, e.Egress == true, e.Protocol ?? "-1", e.PortRange?.From, e.PortRange?.To,
            e.CidrBlock, e.Ipv6CidrBlock, e.RuleAction?.Value == "allow")).OrderBy(e => e.Egress).ThenBy(e => e.RuleNumber).ToArray());

    public static VpcEndpointFacts Endpoint(VpcEndpoint e) => new(
        e.VpcEndpointId, e.VpcId, e.ServiceName ?? "", e.VpcEndpointType?.Value ?? "", e.State?.Value ?? "",
        e.PrivateDnsEnabled == true,
        e.SubnetIds ?? [], (e.Groups ?? []).Select(g => g.GroupId).OfType<string>().ToArray(), e.RouteTableIds ?? [],
        e.PolicyDocument is null ? null : Uri.UnescapeDataString(e.PolicyDocument),
        e.NetworkInterfaceIds ?? []);

    public static PeeringConnectionFacts Peering(VpcPeeringConnection p) => new(
        p.VpcPeeringConnectionId, p.Status?.Code?.Value,
        p.RequesterVpcInfo?.VpcId, Cidrs(p.RequesterVpcInfo),
        p.AccepterVpcInfo?.VpcId, Cidrs(p.AccepterVpcInfo));

    private static IReadOnlyList<string> Cidrs(VpcPeeringConnectionVpcInfo? info) =>
        info is null ? [] : (info.CidrBlockSet ?? []).Select(c => c.Cidr).OfType<string>().DefaultIfEmpty(info.CidrBlock).OfType<string>().Distinct().ToArray();

    public static NetworkInterfaceFacts Interface(NetworkInterface n) => new(
        n.NetworkInterfaceId, n.SubnetId, n.VpcId, n.AvailabilityZone,
        (n.Groups ?? []).Select(g => g.GroupId).OfType<string>().ToArray(),
        n.InterfaceType?.Value, n.Description, n.RequesterId, n.RequesterManaged == true, n.Attachment?.InstanceId,
        (n.PrivateIpAddresses ?? []).Select(a => a.PrivateIpAddress).Append(n.PrivateIpAddress).OfType<string>().Distinct().ToArray());
}
