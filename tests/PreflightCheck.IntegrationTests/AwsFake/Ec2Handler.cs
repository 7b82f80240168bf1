using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace PreflightCheck.IntegrationTests.AwsFake;

/// <summary>EC2 query protocol: Action=… form posts, flattened lists (SubnetId.1, Filter.1.Value.1), XML answers in the 2016-11-15 namespace.</summary>
internal sealed class Ec2Handler(Scenario s) : IAwsProtocolHandler
{
    private static readonly XNamespace Ns = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private delegate IEnumerable<string?> FilterField<in T>(T item);

    public Task<AwsRequest> ParseAsync(HttpContext context) => Query.ParseAsync(context);

    public AwsError FaultError(string kind, string operation) => kind switch
    {
        "accessDenied" => new AwsError(403, "UnauthorizedOperation", $"You are not authorized to perform this operation. User: {CallerArn} is not authorized to perform: ec2:{operation} because no identity-based policy allows the ec2:{operation} action"),
        "throttle" => new AwsError(503, "RequestLimitExceeded", "Request limit exceeded."),
        "serverError" => new AwsError(500, "InternalError", "An internal error has occurred"),
        "expiredToken" => new AwsError(400, "RequestExpired", "Request has expired."),
        _ => new AwsError(400, kind, "Injected fault"),
    };

    private string CallerArn => s.Caller.Arn ?? $"arn:{s.Partition}:iam::{s.AccountId}:user/preflight";

    public Task WriteErrorAsync(HttpContext context, AwsRequest? request, AwsError error) =>
        Query.WriteXmlAsync(context, new XElement("Response",
            new XElement("Errors", new XElement("Error", new XElement("Code", error.Code), new XElement("Message", error.Message))),
            new XElement("RequestID", request?.RequestId ?? Guid.NewGuid().ToString())), error.Status);

    public Task ExecuteAsync(HttpContext context, AwsRequest r)
    {
        object[] body = r.Operation switch
        {
            "DescribeSubnets" => Describe(r, "SubnetId", s.Subnets, x => x.Id, "InvalidSubnetID.NotFound", id => $"The subnet ID '{id}' does not exist", SubnetFilters, Subnet, "subnetSet"),
            "DescribeVpcs" => Describe(r, "VpcId", s.Vpcs, x => x.Id, "InvalidVpcID.NotFound", id => $"The vpc ID '{id}' does not exist", VpcFilters, Vpc, "vpcSet"),
            "DescribeVpcAttribute" => VpcAttribute(r),
            "DescribeSecurityGroups" => Describe(r, "GroupId", s.SecurityGroups, x => x.Id, "InvalidGroup.NotFound", id => $"The security group '{id}' does not exist", GroupFilters, Group, "securityGroupInfo"),
            "DescribeSecurityGroupRules" => Describe(r, "SecurityGroupRuleId", GroupRules().ToList(), x => x.Id, "InvalidSecurityGroupRuleId.NotFound", id => $"The security group rule ID '{id}' does not exist", GroupRuleFilters, x => x.Xml, "securityGroupRuleSet"),
            "DescribeNetworkInterfaces" => Describe(r, "NetworkInterfaceId", s.NetworkInterfaces, x => x.Id, "InvalidNetworkInterfaceID.NotFound", id => $"The networkInterface ID '{id}' does not exist", EniFilters, Eni, "networkInterfaceSet"),
            "DescribeRouteTables" => Describe(r, "RouteTableId", s.RouteTables, x => x.Id, "InvalidRouteTableID.NotFound", id => $"The routeTable ID '{id}' does not exist", RouteTableFilters, RouteTable, "routeTableSet"),
            "DescribeNetworkAcls" => Describe(r, "NetworkAclId", s.NetworkAcls, x => x.Id, "InvalidNetworkAclID.NotFound", id => $"The networkAcl ID '{id}' does not exist", AclFilters, Acl, "networkAclSet"),
            "DescribeVpcEndpoints" => Describe(r, "VpcEndpointId", s.VpcEndpoints, x => x.Id, "InvalidVpcEndpointId.NotFound", id => $"The Vpc Endpoint Id '{id}' does not exist", EndpointFilters, Endpoint, "vpcEndpointSet"),
            "DescribeDhcpOptions" => Describe(r, "DhcpOptionsId", s.DhcpOptions, x => x.Id, "InvalidDhcpOptionID.NotFound", id => $"The dhcpOption ID '{id}' does not exist", DhcpFilters, Dhcp, "dhcpOptionsSet"),
            "DescribeNatGateways" => Describe(r, "NatGatewayId", s.NatGateways, x => x.Id, "NatGatewayNotFound", id => $"The Nat Gateway {id} was not found", NatFilters, Nat, "natGatewaySet"),
            "DescribeInternetGateways" => Describe(r, "InternetGatewayId", s.InternetGateways, x => x.Id, "InvalidInternetGatewayID.NotFound", id => $"The internetGateway ID '{id}' does not exist", IgwFilters, Igw, "internetGatewaySet"),
            "DescribeVpcPeeringConnections" => Describe(r, "VpcPeeringConnectionId", s.PeeringConnections, x => x.Id, "InvalidVpcPeeringConnectionID.NotFound", id => $"The vpcPeeringConnection ID '{id}' does not exist", PeeringFilters, Peering, "vpcPeeringConnectionSet"),
            "DescribeManagedPrefixLists" => Describe(r, "PrefixListId", s.PrefixLists, x => x.Id, "InvalidPrefixListID.NotFound", id => $"The prefix list ID '{id}' does not exist", PrefixListFilters, PrefixList, "prefixListSet"),
            "GetManagedPrefixListEntries" => PrefixListEntries(r),
            _ => throw new AwsError(400, "InvalidAction", $"The action {r.Operation} is not valid for this web service."),
        };

        return Query.WriteXmlAsync(context, new XElement(Ns + (r.Operation + "Response"), E("requestId", r.RequestId), body));
    }

    private static XElement E(string name, params object?[] content) => new(Ns + name, content);

    private static XElement Item(params object?[] content) => E("item", content);

    private static XElement Set<T>(string name, IEnumerable<T> items, Func<T, object?> content) => E(name, items.Select(i => Item(content(i))));

    private object[] Describe<T>(AwsRequest r, string idParam, List<T> items, Func<T, string> idOf, string notFoundCode, Func<string, string> notFound,
        Dictionary<string, FilterField<T>> filters, Func<T, XElement[]> render, string setName)
    {
        var ids = r.List(idParam);
        foreach (var id in ids)
        {
            if (!items.Any(i => idOf(i) == id))
            {
                throw new AwsError(400, notFoundCode, notFound(id));
            }
        }

        IEnumerable<T> selected = ids.Count == 0 ? items : items.Where(i => ids.Contains(idOf(i)));
        var filterPrefix = r.Indexes("Filter").Count > 0 ? "Filter" : "filter";
        foreach (var n in r.Indexes(filterPrefix))
        {
            var name = r.Get($"{filterPrefix}.{n}.Name") ?? throw new AwsError(400, "InvalidParameterValue", "A filter must have a name");
            var values = r.List($"{filterPrefix}.{n}.Value");
            if (name.StartsWith("tag", StringComparison.Ordinal))
            {
                selected = selected.Where(_ => false);
                continue;
            }

            if (!filters.TryGetValue(name, out var field))
            {
                throw new AwsError(400, "InvalidParameterValue", $"The filter '{name}' is invalid");
            }

            selected = selected.Where(i => field(i).Any(f => f is not null && values.Any(v => Query.Glob(v, f, ignoreCase: false)))).ToList();
        }

        var (page, next) = Page(r, selected.ToList());
        return [E(setName, page.Select(i => Item(render(i)))), next is null ? null! : E("nextToken", next)];
    }

    private (List<T> Page, string? Next) Page<T>(AwsRequest r, List<T> all)
    {
        var size = s.PageSize;
        if (r.Get("MaxResults") is { } max)
        {
            var requested = int.Parse(max, CultureInfo.InvariantCulture);
            if (requested < 5 || requested > 1000)
            {
                throw new AwsError(400, "InvalidParameterValue", $"Value ( {requested} ) for parameter maxResults is invalid. Parameter may only be between 5 and 1000.");
            }

            size = Math.Min(size, requested);
        }

        var offset = 0;
        if (r.Get("NextToken") is { Length: > 0 } token)
        {
            try
            {
                offset = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)).Replace("offset:", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                throw new AwsError(400, "InvalidParameterValue", $"The token '{token}' is invalid");
            }
        }

        var page = all.Skip(offset).Take(size).ToList();
        var next = offset + size < all.Count ? Convert.ToBase64String(Encoding.UTF8.GetBytes($"offset:{offset + size}")) : null;
        return (page, next);
    }

    private static IEnumerable<string?> One(string? value) => [value];

    private SubnetSpec? SubnetOf(string id) => s.Subnets.FirstOrDefault(x => x.Id == id);

    private Dictionary<string, FilterField<SubnetSpec>> SubnetFilters => new()
    {
        ["subnet-id"] = x => One(x.Id),
        ["vpc-id"] = x => One(x.VpcId),
        ["availability-zone"] = x => One(x.AvailabilityZone),
        ["cidr-block"] = x => One(x.Cidr),
        ["cidrBlock"] = x => One(x.Cidr),
        ["state"] = _ => One("available"),
        ["owner-id"] = _ => One(s.AccountId),
    };

    private XElement[] Subnet(SubnetSpec x) =>
    [
        E("subnetId", x.Id), E("subnetArn", $"arn:{s.Partition}:ec2:{s.Region}:{s.AccountId}:subnet/{x.Id}"), E("state", "available"),
        E("vpcId", x.VpcId), E("cidrBlock", x.Cidr),
        E("ipv6CidrBlockAssociationSet", x.Ipv6Cidr is null ? null : Item(E("ipv6CidrBlock", x.Ipv6Cidr), E("associationId", "subnet-cidr-assoc-" + x.Id), E("ipv6CidrBlockState", E("state", "associated")))),
        E("availableIpAddressCount", x.AvailableIps), E("availabilityZone", x.AvailabilityZone), E("availabilityZoneId", "use1-az" + x.AvailabilityZone[^1..]),
        E("defaultForAz", false), E("mapPublicIpOnLaunch", x.MapPublicIpOnLaunch), E("ownerId", s.AccountId), E("assignIpv6AddressOnCreation", false),
    ];

    private Dictionary<string, FilterField<VpcSpec>> VpcFilters => new()
    {
        ["vpc-id"] = x => One(x.Id),
        ["cidr"] = x => One(x.Cidr),
        ["cidr-block-association.cidr-block"] = x => One(x.Cidr),
        ["dhcp-options-id"] = x => One(x.DhcpOptionsId),
        ["is-default"] = x => One(Query.Bool(x.IsDefault)),
        ["state"] = _ => One("available"),
    };

    private XElement[] Vpc(VpcSpec x) =>
    [
        E("vpcId", x.Id), E("ownerId", s.AccountId), E("state", "available"), E("cidrBlock", x.Cidr),
        E("cidrBlockAssociationSet", Item(E("cidrBlock", x.Cidr), E("associationId", "vpc-cidr-assoc-" + x.Id), E("cidrBlockState", E("state", "associated")))),
        E("ipv6CidrBlockAssociationSet", x.Ipv6Cidrs.Select(c => Item(E("ipv6CidrBlock", c), E("associationId", "vpc-cidr-assoc-6-" + x.Id), E("ipv6CidrBlockState", E("state", "associated"))))),
        E("dhcpOptionsId", x.DhcpOptionsId ?? "default"), E("instanceTenancy", "default"), E("isDefault", x.IsDefault),
    ];

    private object[] VpcAttribute(AwsRequest r)
    {
        var id = r.Require("VpcId");
        var vpc = s.Vpcs.FirstOrDefault(v => v.Id == id) ?? throw new AwsError(400, "InvalidVpcID.NotFound", $"The vpc ID '{id}' does not exist");
        var attribute = r.Require("Attribute");
        var value = attribute switch
        {
            "enableDnsSupport" => vpc.EnableDnsSupport,
            "enableDnsHostnames" => vpc.EnableDnsHostnames,
            "enableNetworkAddressUsageMetrics" => false,
            _ => throw new AwsError(400, "InvalidParameterValue", $"Value ({attribute}) for parameter attribute is invalid. Unknown attribute."),
        };
        return [E("vpcId", id), E(attribute, E("value", value))];
    }

    private Dictionary<string, FilterField<SecurityGroupSpec>> GroupFilters => new()
    {
        ["group-id"] = x => One(x.Id),
        ["group-name"] = x => One(x.Name),
        ["vpc-id"] = x => One(x.VpcId),
        ["owner-id"] = _ => One(s.AccountId),
    };

    private XElement Permission(SgRuleSpec p) => Item(
        E("ipProtocol", p.Protocol),
        p.Protocol == "-1" ? null : E("fromPort", p.FromPort ?? 0),
        p.Protocol == "-1" ? null : E("toPort", p.ToPort ?? 65535),
        Set("groups", p.Groups, g => new object?[] { E("userId", s.AccountId), E("groupId", g), E("vpcId", s.SecurityGroups.FirstOrDefault(x => x.Id == g)?.VpcId) }),
        Set("ipRanges", p.Cidrs, c => new object?[] { E("cidrIp", c), p.Description is null ? null : E("description", p.Description) }),
        Set("ipv6Ranges", p.Ipv6Cidrs, c => new object?[] { E("cidrIpv6", c), p.Description is null ? null : E("description", p.Description) }),
        Set("prefixListIds", p.PrefixLists, c => E("prefixListId", c)));

    private XElement[] Group(SecurityGroupSpec x) =>
    [
        E("ownerId", s.AccountId), E("groupId", x.Id), E("groupName", x.Name), E("groupDescription", x.Description), E("vpcId", x.VpcId),
        E("securityGroupArn", $"arn:{s.Partition}:ec2:{s.Region}:{s.AccountId}:security-group/{x.Id}"),
        E("ipPermissions", x.Ingress.Select(Permission)), E("ipPermissionsEgress", x.Egress.Select(Permission)),
    ];

    private sealed record GroupRule(string Id, string GroupId, XElement[] Xml);

    private IEnumerable<GroupRule> GroupRules()
    {
        foreach (var g in s.SecurityGroups)
        {
            var n = 0;
            foreach (var (rule, egress) in g.Ingress.Select(x => (x, false)).Concat(g.Egress.Select(x => (x, true))))
            {
                var sources = rule.Cidrs.Select(c => E("cidrIpv4", c))
                    .Concat(rule.Ipv6Cidrs.Select(c => E("cidrIpv6", c)))
                    .Concat(rule.PrefixLists.Select(c => E("prefixListId", c)))
                    .Concat(rule.Groups.Select(c => E("referencedGroupInfo", E("groupId", c), E("userId", s.AccountId))));
                foreach (var source in sources)
                {
                    var id = $"sgr-{g.Id.Replace("sg-", "", StringComparison.Ordinal)}{n++:x4}";
                    yield return new GroupRule(id, g.Id,
                    [
                        E("securityGroupRuleId", id), E("groupId", g.Id), E("groupOwnerId", s.AccountId), E("isEgress", egress),
                        E("ipProtocol", rule.Protocol), E("fromPort", rule.Protocol == "-1" ? -1 : rule.FromPort ?? 0), E("toPort", rule.Protocol == "-1" ? -1 : rule.ToPort ?? 65535),
                        source, rule.Description is null ? null! : E("description", rule.Description),
                    ]);
                }
            }
        }
    }

    private static Dictionary<string, FilterField<GroupRule>> GroupRuleFilters => new()
    {
        ["group-id"] = x => One(x.GroupId),
        ["security-group-rule-id"] = x => One(x.Id),
    };

    private Dictionary<string, FilterField<EniSpec>> EniFilters => new()
    {
        ["network-interface-id"] = x => One(x.Id),
        ["addresses.private-ip-address"] = x => x.SecondaryIps.Prepend(x.PrivateIp),
        ["private-ip-address"] = x => One(x.PrivateIp),
        ["vpc-id"] = x => One(SubnetOf(x.SubnetId)?.VpcId),
        ["subnet-id"] = x => One(x.SubnetId),
        ["group-id"] = x => x.Groups,
        ["description"] = x => One(x.Description),
        ["requester-id"] = x => One(x.RequesterId),
        ["requester-managed"] = x => One(Query.Bool(x.RequesterManaged)),
        ["interface-type"] = x => One(x.InterfaceType),
        ["attachment.instance-id"] = x => One(x.InstanceId),
        ["status"] = x => One(x.Status),
        ["availability-zone"] = x => One(SubnetOf(x.SubnetId)?.AvailabilityZone),
    };

    private XElement[] Eni(EniSpec x)
    {
        var subnet = SubnetOf(x.SubnetId);
        return
        [
            E("networkInterfaceId", x.Id), E("subnetId", x.SubnetId), E("vpcId", subnet?.VpcId), E("availabilityZone", subnet?.AvailabilityZone),
            E("description", x.Description), E("ownerId", s.AccountId), x.RequesterId is null ? null! : E("requesterId", x.RequesterId),
            E("requesterManaged", x.RequesterManaged), E("status", x.Status), E("macAddress", "02:00:00:00:00:01"),
            E("privateIpAddress", x.PrivateIp), E("privateDnsName", $"ip-{x.PrivateIp.Replace('.', '-')}.ec2.internal"), E("sourceDestCheck", true),
            Set("groupSet", x.Groups, g => new object?[] { E("groupId", g), E("groupName", s.SecurityGroups.FirstOrDefault(sg => sg.Id == g)?.Name) }),
            x.InstanceId is null ? null! : E("attachment", E("attachmentId", "eni-attach-" + x.Id), E("instanceId", x.InstanceId), E("instanceOwnerId", s.AccountId), E("deviceIndex", 0), E("status", "attached"), E("deleteOnTermination", true)),
            E("interfaceType", x.InterfaceType),
            Set("privateIpAddressesSet", x.SecondaryIps.Prepend(x.PrivateIp), ip => new object?[] { E("privateIpAddress", ip), E("primary", ip == x.PrivateIp) }),
            E("ipv6AddressesSet"), E("tagSet"),
        ];
    }

    private Dictionary<string, FilterField<RouteTableSpec>> RouteTableFilters => new()
    {
        ["route-table-id"] = x => One(x.Id),
        ["vpc-id"] = x => One(x.VpcId),
        ["association.subnet-id"] = x => x.Subnets,
        ["association.route-table-id"] = x => One(x.Id),
        ["association.main"] = x => One(Query.Bool(x.Main)),
        ["route.destination-cidr-block"] = x => x.Routes.Select(r => r.Destination),
        ["route.gateway-id"] = x => x.Routes.Select(r => r.Target),
        ["route.nat-gateway-id"] = x => x.Routes.Select(r => r.Target),
        ["route.vpc-peering-connection-id"] = x => x.Routes.Select(r => r.Target),
        ["route.transit-gateway-id"] = x => x.Routes.Select(r => r.Target),
    };

    private static XElement RouteTarget(string target) => target switch
    {
        _ when target.StartsWith("nat-", StringComparison.Ordinal) => E("natGatewayId", target),
        _ when target.StartsWith("pcx-", StringComparison.Ordinal) => E("vpcPeeringConnectionId", target),
        _ when target.StartsWith("tgw-", StringComparison.Ordinal) => E("transitGatewayId", target),
        _ when target.StartsWith("eni-", StringComparison.Ordinal) => E("networkInterfaceId", target),
        _ when target.StartsWith("i-", StringComparison.Ordinal) => E("instanceId", target),
        _ => E("gatewayId", target),
    };

    private XElement[] RouteTable(RouteTableSpec x)
    {
        var associations = x.Subnets.Select((subnet, i) => Item(E("routeTableAssociationId", $"rtbassoc-{x.Id[4..]}{i:x2}"), E("routeTableId", x.Id), E("subnetId", subnet), E("main", false), E("associationState", E("state", "associated")))).ToList();
        if (x.Main)
        {
            associations.Insert(0, Item(E("routeTableAssociationId", $"rtbassoc-{x.Id[4..]}ff"), E("routeTableId", x.Id), E("main", true), E("associationState", E("state", "associated"))));
        }

        return
        [
            E("routeTableId", x.Id), E("vpcId", x.VpcId), E("ownerId", s.AccountId),
            E("routeSet", x.Routes.Select(r => Item(
                r.Destination is null ? null : E("destinationCidrBlock", r.Destination),
                r.Ipv6Destination is null ? null : E("destinationIpv6CidrBlock", r.Ipv6Destination),
                r.PrefixList is null ? null : E("destinationPrefixListId", r.PrefixList),
                RouteTarget(r.Target), E("state", r.State), E("origin", r.Target == "local" ? "CreateRouteTable" : "CreateRoute")))),
            E("associationSet", associations), E("propagatingVgwSet"), E("tagSet"),
        ];
    }

    private Dictionary<string, FilterField<NetworkAclSpec>> AclFilters => new()
    {
        ["network-acl-id"] = x => One(x.Id),
        ["vpc-id"] = x => One(x.VpcId),
        ["association.subnet-id"] = x => x.Subnets,
        ["association.network-acl-id"] = x => One(x.Id),
        ["default"] = x => One(Query.Bool(x.IsDefault)),
    };

    private XElement[] Acl(NetworkAclSpec x)
    {
        var entries = x.Entries.ToList();
        var ipv6 = s.Vpcs.FirstOrDefault(v => v.Id == x.VpcId)?.Ipv6Cidrs.Count > 0;
        foreach (var egress in new[] { false, true })
        {
            // AWS appends the catch-all deny to every ACL and shows it in DescribeNetworkAcls.
            entries.Add(new AclEntrySpec { Rule = 32767, Egress = egress, Action = "deny", Cidr = "0.0.0.0/0" });
            if (ipv6)
            {
                entries.Add(new AclEntrySpec { Rule = 32768, Egress = egress, Action = "deny", Ipv6Cidr = "::/0" });
            }
        }

        return
        [
            E("networkAclId", x.Id), E("vpcId", x.VpcId), E("default", x.IsDefault), E("ownerId", s.AccountId),
            E("entrySet", entries.Select(e => Item(
                E("ruleNumber", e.Rule), E("protocol", e.Protocol), E("ruleAction", e.Action), E("egress", e.Egress),
                e.Cidr is null ? null : E("cidrBlock", e.Cidr), e.Ipv6Cidr is null ? null : E("ipv6CidrBlock", e.Ipv6Cidr),
                e.FromPort is null ? null : E("portRange", E("from", e.FromPort), E("to", e.ToPort ?? e.FromPort))))),
            E("associationSet", x.Subnets.Select((subnet, i) => Item(E("networkAclAssociationId", $"aclassoc-{x.Id[4..]}{i:x2}"), E("networkAclId", x.Id), E("subnetId", subnet)))),
            E("tagSet"),
        ];
    }

    private Dictionary<string, FilterField<VpcEndpointSpec>> EndpointFilters => new()
    {
        ["vpc-endpoint-id"] = x => One(x.Id),
        ["vpc-id"] = x => One(x.VpcId),
        ["service-name"] = x => One(x.ServiceName),
        ["vpc-endpoint-type"] = x => One(x.Type),
        ["vpc-endpoint-state"] = x => One(x.State),
    };

    private const string FullAccessPolicy = "{\"Statement\":[{\"Action\":\"*\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Resource\":\"*\"}]}";

    private XElement[] Endpoint(VpcEndpointSpec x)
    {
        var service = x.ServiceName.Split('.')[^1];
        return
        [
            E("vpcEndpointId", x.Id), E("vpcEndpointType", x.Type), E("vpcId", x.VpcId), E("serviceName", x.ServiceName), E("state", x.State),
            E("policyDocument", x.Policy ?? FullAccessPolicy),
            Set("routeTableIdSet", x.RouteTables, id => id), Set("subnetIdSet", x.Subnets, id => id),
            Set("groupSet", x.Groups, g => new object?[] { E("groupId", g), E("groupName", s.SecurityGroups.FirstOrDefault(sg => sg.Id == g)?.Name) }),
            E("ipAddressType", "ipv4"), E("privateDnsEnabled", x.PrivateDnsEnabled), E("requesterManaged", false),
            Set("networkInterfaceIdSet", x.NetworkInterfaces, id => id),
            E("dnsEntrySet", x.Type != "Interface" ? (object?)null : new[]
            {
                Item(E("dnsName", $"{x.Id}-fake.{service}.{s.Region}.vpce.amazonaws.com"), E("hostedZoneId", "Z7HUB22UULQXV")),
                x.PrivateDnsEnabled ? Item(E("dnsName", $"{service}.{s.Region}.amazonaws.com"), E("hostedZoneId", "ZPRIVATEFAKE")) : null,
            }),
            E("creationTimestamp", "2026-01-01T00:00:00.000Z"), E("ownerId", s.AccountId), E("tagSet"),
        ];
    }

    private static Dictionary<string, FilterField<DhcpOptionsSpec>> DhcpFilters => new()
    {
        ["dhcp-options-id"] = x => One(x.Id),
        ["key"] = x => x.DomainName is null ? ["domain-name-servers"] : ["domain-name-servers", "domain-name"],
        ["value"] = x => x.DomainName is null ? x.DomainNameServers : x.DomainNameServers.Append(x.DomainName),
    };

    private XElement[] Dhcp(DhcpOptionsSpec x) =>
    [
        E("dhcpOptionsId", x.Id), E("ownerId", s.AccountId),
        E("dhcpConfigurationSet",
            Item(E("key", "domain-name-servers"), Set("valueSet", x.DomainNameServers, v => E("value", v))),
            x.DomainName is null ? null : Item(E("key", "domain-name"), E("valueSet", Item(E("value", x.DomainName))))),
        E("tagSet"),
    ];

    private Dictionary<string, FilterField<NatGatewaySpec>> NatFilters => new()
    {
        ["nat-gateway-id"] = x => One(x.Id),
        ["subnet-id"] = x => One(x.SubnetId),
        ["vpc-id"] = x => One(SubnetOf(x.SubnetId)?.VpcId),
        ["state"] = x => One(x.State),
    };

    private XElement[] Nat(NatGatewaySpec x) =>
    [
        E("createTime", "2026-01-01T00:00:00.000Z"),
        E("natGatewayAddressSet", Item(E("networkInterfaceId", "eni-" + x.Id[4..]), E("privateIp", x.PrivateIp), x.PublicIp is null ? null : E("publicIp", x.PublicIp), E("isPrimary", true), E("status", "succeeded"))),
        E("natGatewayId", x.Id), E("state", x.State), E("subnetId", x.SubnetId), E("vpcId", SubnetOf(x.SubnetId)?.VpcId),
        E("connectivityType", x.ConnectivityType), E("tagSet"),
    ];

    private static Dictionary<string, FilterField<InternetGatewaySpec>> IgwFilters => new()
    {
        ["internet-gateway-id"] = x => One(x.Id),
        ["attachment.vpc-id"] = x => One(x.VpcId),
        ["attachment.state"] = x => One(x.VpcId is null ? null : "available"),
    };

    private XElement[] Igw(InternetGatewaySpec x) =>
    [
        E("internetGatewayId", x.Id), E("ownerId", s.AccountId),
        E("attachmentSet", x.VpcId is null ? null : Item(E("vpcId", x.VpcId), E("state", "available"))), E("tagSet"),
    ];

    private static Dictionary<string, FilterField<PeeringSpec>> PeeringFilters => new()
    {
        ["vpc-peering-connection-id"] = x => One(x.Id),
        ["requester-vpc-info.vpc-id"] = x => One(x.RequesterVpc),
        ["accepter-vpc-info.vpc-id"] = x => One(x.AccepterVpc),
        ["requester-vpc-info.cidr-block"] = x => One(x.RequesterCidr),
        ["accepter-vpc-info.cidr-block"] = x => One(x.AccepterCidr),
        ["status-code"] = x => One(x.Status),
    };

    private XElement[] Peering(PeeringSpec x) =>
    [
        E("accepterVpcInfo", E("cidrBlock", x.AccepterCidr), E("cidrBlockSet", Item(E("cidrBlock", x.AccepterCidr))), E("ownerId", x.AccepterOwner ?? s.AccountId), E("vpcId", x.AccepterVpc), E("region", s.Region)),
        E("requesterVpcInfo", E("cidrBlock", x.RequesterCidr), E("cidrBlockSet", Item(E("cidrBlock", x.RequesterCidr))), E("ownerId", s.AccountId), E("vpcId", x.RequesterVpc), E("region", s.Region)),
        E("status", E("code", x.Status), E("message", x.Status == "active" ? "Active" : x.Status)),
        E("vpcPeeringConnectionId", x.Id), E("tagSet"),
    ];

    private string PrefixListOwner(PrefixListSpec x) => x.Name.StartsWith("com.amazonaws.", StringComparison.Ordinal) ? "AWS" : s.AccountId;

    private Dictionary<string, FilterField<PrefixListSpec>> PrefixListFilters => new()
    {
        ["prefix-list-id"] = x => One(x.Id),
        ["prefix-list-name"] = x => One(x.Name),
        ["owner-id"] = x => One(PrefixListOwner(x)),
    };

    private XElement[] PrefixList(PrefixListSpec x) =>
    [
        E("prefixListId", x.Id), E("addressFamily", x.AddressFamily), E("state", "create-complete"),
        E("prefixListArn", $"arn:{s.Partition}:ec2:{s.Region}:{PrefixListOwner(x)}:prefix-list/{x.Id}"), E("prefixListName", x.Name),
        E("maxEntries", Math.Max(x.Entries.Count, 10)), E("version", 1), E("ownerId", PrefixListOwner(x)), E("tagSet"),
    ];

    private object[] PrefixListEntries(AwsRequest r)
    {
        var id = r.Require("PrefixListId");
        var list = s.PrefixLists.FirstOrDefault(p => p.Id == id) ?? throw new AwsError(400, "InvalidPrefixListID.NotFound", $"The prefix list ID '{id}' does not exist");
        var (page, next) = Page(r, list.Entries);
        return [Set("entrySet", page, c => E("cidr", c)), next is null ? null! : E("nextToken", next)];
    }
}
