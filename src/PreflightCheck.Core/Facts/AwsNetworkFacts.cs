namespace PreflightCheck.Core.Facts;

/// <summary>
/// EC2 facts for every VPC involved (the model VPC and the registry's). Id lookups have one entry per requested id
/// with its own status; filtered queries (by VPC) are <see cref="AwsItems{T}"/> with one status for the query.
/// </summary>
internal sealed record AwsNetworkFacts
{
    /// <summary>The model subnets and the registry interfaces' subnets.</summary>
    public IReadOnlyList<SubnetFacts> Subnets { get; init; } = [];

    public IReadOnlyList<VpcFacts> Vpcs { get; init; } = [];

    /// <summary>The model groups, the registry interfaces' groups and the VPC endpoints' groups.</summary>
    public IReadOnlyList<SecurityGroupFacts> SecurityGroups { get; init; } = [];

    /// <summary>Every prefix list referenced by a security group rule or a route.</summary>
    public IReadOnlyList<PrefixListFacts> PrefixLists { get; init; } = [];

    public AwsItems<RouteTableFacts> RouteTables { get; init; } = AwsItems<RouteTableFacts>.NotCollected;

    public AwsItems<NetworkAclFacts> NetworkAcls { get; init; } = AwsItems<NetworkAclFacts>.NotCollected;

    public AwsItems<VpcEndpointFacts> VpcEndpoints { get; init; } = AwsItems<VpcEndpointFacts>.NotCollected;

    public AwsItems<NatGatewayFacts> NatGateways { get; init; } = AwsItems<NatGatewayFacts>.NotCollected;

    public AwsItems<InternetGatewayFacts> InternetGateways { get; init; } = AwsItems<InternetGatewayFacts>.NotCollected;

    public AwsItems<PeeringConnectionFacts> PeeringConnections { get; init; } = AwsItems<PeeringConnectionFacts>.NotCollected;
}

internal sealed record SubnetFacts(
    string Id,
    AwsStatus Status,
    string? VpcId = null,
    string? AvailabilityZone = null,
    string? AvailabilityZoneId = null,
    IReadOnlyList<string>? CidrBlocks = null,
    IReadOnlyList<string>? Ipv6CidrBlocks = null,
    int? AvailableIpAddressCount = null);

internal sealed record VpcDnsAttribute(AwsStatus Status, bool? Enabled);

internal sealed record DhcpOptionsFacts(
    string Id,
    AwsStatus Status,
    IReadOnlyList<string>? DomainNameServers = null,
    IReadOnlyList<string>? DomainName = null);

internal sealed record VpcFacts(
    string Id,
    AwsStatus Status,
    IReadOnlyList<string>? CidrBlocks = null,
    IReadOnlyList<string>? Ipv6CidrBlocks = null,
    string? OwnerId = null,
    VpcDnsAttribute? EnableDnsSupport = null,
    VpcDnsAttribute? EnableDnsHostnames = null,
    DhcpOptionsFacts? DhcpOptions = null);

/// <summary>
/// One IpPermission. <see cref="Protocol"/> is as EC2 reports it: <c>-1</c> (all), <c>tcp</c>, <c>udp</c>, <c>icmp</c>
/// or a number; ports are null for all ports (protocol -1), and -1 for ICMP "any".
/// </summary>
internal sealed record SecurityGroupPermission(
    string Protocol,
    int? FromPort,
    int? ToPort,
    IReadOnlyList<string> Ipv4Ranges,
    IReadOnlyList<string> Ipv6Ranges,
    IReadOnlyList<SecurityGroupReference> Groups,
    IReadOnlyList<string> PrefixListIds);

/// <summary>A rule source or destination given as another group (UserIdGroupPair).</summary>
internal sealed record SecurityGroupReference(string GroupId, string? UserId = null, string? VpcId = null, string? PeeringStatus = null);

internal sealed record SecurityGroupFacts(
    string Id,
    AwsStatus Status,
    string? VpcId = null,
    string? GroupName = null,
    string? OwnerId = null,
    IReadOnlyList<SecurityGroupPermission>? Ingress = null,
    IReadOnlyList<SecurityGroupPermission>? Egress = null);

internal sealed record PrefixListFacts(string Id, AwsStatus Status, string? Name = null, IReadOnlyList<string>? Cidrs = null);

internal enum RouteTargetKind
{
    Local,
    InternetGateway,
    EgressOnlyInternetGateway,
    NatGateway,
    PeeringConnection,
    TransitGateway,
    VirtualPrivateGateway,
    Instance,
    NetworkInterface,
    VpcEndpoint,
    CarrierGateway,
    LocalGateway,
    CoreNetwork,
    Other,
}

/// <summary>One route; exactly one destination is set. <see cref="State"/> is <c>active</c> or <c>blackhole</c>.</summary>
internal sealed record RouteFacts(
    string? DestinationCidr,
    string? DestinationIpv6Cidr,
    string? DestinationPrefixListId,
    RouteTargetKind TargetKind,
    string? TargetId,
    string? State);

internal sealed record RouteTableFacts(
    string Id,
    string VpcId,
    bool IsMain,
    IReadOnlyList<string> AssociatedSubnetIds,
    IReadOnlyList<RouteFacts> Routes);

/// <summary>One NACL entry. <see cref="Protocol"/> as EC2 reports it (<c>-1</c>, <c>6</c>, <c>17</c>...); ports null mean all.</summary>
internal sealed record NetworkAclEntryFacts(
    int RuleNumber,
    bool Egress,
    string Protocol,
    int? FromPort,
    int? ToPort,
    string? CidrBlock,
    string? Ipv6CidrBlock,
    bool Allow);

internal sealed record NetworkAclFacts(
    string Id,
    string VpcId,
    bool IsDefault,
    IReadOnlyList<string> AssociatedSubnetIds,
    IReadOnlyList<NetworkAclEntryFacts> Entries);

/// <summary>
/// One VPC endpoint. An interface endpoint's network interfaces (their subnets, zones and private addresses) are read
/// once per endpoint; both are null in facts saved before they were collected.
/// </summary>
internal sealed record VpcEndpointFacts(
    string Id,
    string VpcId,
    string ServiceName,
    string EndpointType,
    string State,
    bool PrivateDnsEnabled,
    IReadOnlyList<string> SubnetIds,
    IReadOnlyList<string> SecurityGroupIds,
    IReadOnlyList<string> RouteTableIds,
    string? PolicyDocument,
    IReadOnlyList<string>? NetworkInterfaceIds = null,
    AwsItems<NetworkInterfaceFacts>? NetworkInterfaces = null);

internal sealed record NatGatewayFacts(string Id, string? VpcId, string? SubnetId, string? State, string? ConnectivityType);

internal sealed record InternetGatewayFacts(string Id, IReadOnlyList<string> AttachedVpcIds);

internal sealed record PeeringConnectionFacts(
    string Id,
    string? Status,
    string? RequesterVpcId,
    IReadOnlyList<string> RequesterCidrBlocks,
    string? AccepterVpcId,
    IReadOnlyList<string> AccepterCidrBlocks);

/// <summary>A network interface that owns a registry address: an instance, a load balancer node, an endpoint...</summary>
internal sealed record NetworkInterfaceFacts(
    string Id,
    string? SubnetId,
    string? VpcId,
    string? AvailabilityZone,
    IReadOnlyList<string> SecurityGroupIds,
    string? InterfaceType,
    string? Description,
    string? RequesterId,
    bool RequesterManaged,
    string? InstanceId,
    IReadOnlyList<string> PrivateIpAddresses);

/// <summary>
/// A registry's private address and the interfaces that own it. Their groups, subnets and the subnets' ACLs
/// are in <see cref="AwsNetworkFacts"/>. Status NotFound: no interface in the region has that address.
/// </summary>
internal sealed record RegistryNetworkFacts(
    string Host,
    int Port,
    string Address,
    AddressSource Source,
    AwsStatus Status,
    IReadOnlyList<NetworkInterfaceFacts> Interfaces);
