using Amazon.EC2;
using Amazon.EC2.Model;
using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;
using Ec2Filter = Amazon.EC2.Model.Filter;

namespace PreflightCheck.Collectors.Aws;

/// <summary>
/// The EC2 side: every lookup is one Describe call per resource type with all ids (as a filter, so a missing id is
/// NotFound for that id only), pages followed, independent calls concurrent. Dependent stages:
/// model subnets + model groups + registry ENIs → VPC-scoped queries → more groups, DHCP, DNS attributes → prefix lists → entries.
/// </summary>
internal sealed class Ec2Network(AmazonEC2Client ec2, AwsSession session)
{
    public async Task<(AwsNetworkFacts Network, IReadOnlyList<RegistryNetworkFacts> Registries)> CollectAsync(
        IReadOnlyList<string> modelSubnets, IReadOnlyList<string> modelGroups, IReadOnlyList<(string Host, int Port, string Address, AddressSource Source)> registries, CancellationToken ct)
    {
        var subnetsTask = Subnets(modelSubnets, ct);
        var groupsTask = Groups(modelGroups, ct);
        var enisTask = Interfaces(registries.Select(r => r.Address).Distinct().ToArray(), ct);
        await Task.WhenAll(subnetsTask, groupsTask, enisTask).ConfigureAwait(false);
        var (enis, eniStatus) = enisTask.Result;

        var subnets = subnetsTask.Result.ToList();
        var extraSubnetIds = enis.Select(e => e.SubnetId).OfType<string>().Except(modelSubnets).Distinct().ToArray();
        var vpcIds = subnets.Select(s => s.VpcId).Concat(enis.Select(e => e.VpcId)).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToArray();

        var extraSubnetsTask = Subnets(extraSubnetIds, ct);
        var vpcsTask = Vpcs(vpcIds, ct);
        var routesTask = List("ec2:DescribeRouteTables", vpcIds, () => RouteTables(vpcIds, ct));
        var aclsTask = List("ec2:DescribeNetworkAcls", vpcIds, () => Acls(vpcIds, ct));
        var endpointsTask = List("ec2:DescribeVpcEndpoints", vpcIds, () => Endpoints(vpcIds, ct));
        var natsTask = List("ec2:DescribeNatGateways", vpcIds, () => Nats(vpcIds, ct));
        var igwsTask = List("ec2:DescribeInternetGateways", vpcIds, () => Igws(vpcIds, ct));
        var peeringTask = List("ec2:DescribeVpcPeeringConnections", vpcIds, () => Peerings(vpcIds, ct));
        await Task.WhenAll(extraSubnetsTask, vpcsTask, routesTask, aclsTask, endpointsTask, natsTask, igwsTask, peeringTask).ConfigureAwait(false);
        subnets.AddRange(extraSubnetsTask.Result);
        var endpointEnisTask = EndpointInterfaces(endpointsTask.Result, ct);

        var groups = groupsTask.Result.ToList();
        var moreGroupIds = enis.SelectMany(e => e.SecurityGroupIds).Concat(endpointsTask.Result.Items.SelectMany(e => e.SecurityGroupIds))
            .Except(modelGroups).Distinct().Order(StringComparer.Ordinal).ToArray();
        var moreGroupsTask = Groups(moreGroupIds, ct);
        var vpcs = vpcsTask.Result;
        var dhcpIds = vpcs.Select(v => v.DhcpOptions?.Id).OfType<string>().Where(id => id != "default").Distinct().ToArray();
        var dhcpTask = Dhcp(dhcpIds, ct);
        var dnsTasks = vpcs.Where(v => v.Status.IsOk).Select(v => VpcDns(v.Id, ct)).ToArray();
        await Task.WhenAll([moreGroupsTask, dhcpTask, .. dnsTasks]).ConfigureAwait(false);
        groups.AddRange(moreGroupsTask.Result);

        var dhcp = dhcpTask.Result.ToDictionary(d => d.Id, StringComparer.Ordinal);
        var dns = dnsTasks.Select(t => t.Result).ToDictionary(d => d.VpcId, StringComparer.Ordinal);
        vpcs = vpcs.Select(v => v with
        {
            DhcpOptions = v.DhcpOptions is { } d ? dhcp.GetValueOrDefault(d.Id, d) : null,
            EnableDnsSupport = dns.TryGetValue(v.Id, out var a) ? a.Support : v.EnableDnsSupport,
            EnableDnsHostnames = dns.TryGetValue(v.Id, out var b) ? b.Hostnames : v.EnableDnsHostnames,
        }).ToArray();

        var prefixIds = groups.SelectMany(g => (g.Ingress ?? []).Concat(g.Egress ?? [])).SelectMany(p => p.PrefixListIds)
            .Concat(routesTask.Result.Items.SelectMany(r => r.Routes).Select(r => r.DestinationPrefixListId).OfType<string>())
            .Distinct().Order(StringComparer.Ordinal).ToArray();
        var prefixLists = await PrefixLists(prefixIds, ct).ConfigureAwait(false);
        var endpoints = await endpointEnisTask.ConfigureAwait(false);

        var network = new AwsNetworkFacts
        {
            Subnets = subnets,
            Vpcs = vpcs,
            SecurityGroups = groups,
            PrefixLists = prefixLists,
            RouteTables = routesTask.Result,
            NetworkAcls = aclsTask.Result,
            VpcEndpoints = endpoints,
            NatGateways = natsTask.Result,
            InternetGateways = igwsTask.Result,
            PeeringConnections = peeringTask.Result,
        };
        var registryFacts = registries.Select(r =>
        {
            var owners = enis.Where(e => e.PrivateIpAddresses.Contains(r.Address)).ToArray();
            var status = !eniStatus.IsOk ? eniStatus
                : owners.Length == 0 ? new AwsStatus(CollectionStatus.NotFound, $"no network interface in {session.RegionName} has the address {r.Address}", "ec2:DescribeNetworkInterfaces")
                : AwsStatus.Ok;
            return new RegistryNetworkFacts(r.Host, r.Port, r.Address, r.Source, status, owners);
        }).ToArray();
        return (network, registryFacts);
    }

    private static Ec2Filter F(string name, IEnumerable<string> values) => new() { Name = name, Values = values.ToList() };

    private async Task<List<T>> Pages<TResponse, T>(string action, Func<string?, Task<TResponse>> call, Func<TResponse, (IEnumerable<T>? Items, string? Next)> read)
    {
        var items = new List<T>();
        string? token = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var response = await call(token).ConfigureAwait(false);
            var (page, next) = read(response);
            items.AddRange(page ?? []);
            token = string.IsNullOrEmpty(next) || !seen.Add(next) ? null : next;
        }
        while (token is not null);
        return items;
    }

    private async Task<AwsItems<T>> List<T>(string action, IReadOnlyList<string> vpcIds, Func<Task<List<T>>> query)
    {
        if (vpcIds.Count == 0)
        {
            return new AwsItems<T>(AwsStatus.Skipped("no VPC known"), []);
        }

        try
        {
            return new AwsItems<T>(AwsStatus.Ok, await query().ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is not Core.InputException)
        {
            return new AwsItems<T>(AwsErrors.StatusOf(ex, action, CancellationToken.None), []);
        }
    }

    private async Task<IReadOnlyList<TFacts>> ById<TFacts>(string action, IReadOnlyList<string> ids, Func<Task<IReadOnlyList<TFacts>>> query,
        Func<TFacts, string> id, Func<string, AwsStatus, TFacts> missing)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        try
        {
            var found = (await query().ConfigureAwait(false)).ToDictionary(id, StringComparer.Ordinal);
            return ids.Select(i => found.TryGetValue(i, out var f) ? f
                : missing(i, new AwsStatus(CollectionStatus.NotFound, $"{i} does not exist in {session.RegionName}", action))).ToArray();
        }
        catch (Exception ex) when (ex is not Core.InputException)
        {
            var status = AwsErrors.StatusOf(ex, action, CancellationToken.None);
            return ids.Select(i => missing(i, status)).ToArray();
        }
    }

    private Task<IReadOnlyList<SubnetFacts>> Subnets(IReadOnlyList<string> ids, CancellationToken ct) =>
        ById("ec2:DescribeSubnets", ids, async () => (await Pages("ec2:DescribeSubnets",
                t => ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = [F("subnet-id", ids)], NextToken = t }, ct),
                r => (r.Subnets, r.NextToken)).ConfigureAwait(false)).Select(Ec2Mapping.Subnet).ToArray(),
            s => s.Id, (i, st) => new SubnetFacts(i, st));

    private Task<IReadOnlyList<SecurityGroupFacts>> Groups(IReadOnlyList<string> ids, CancellationToken ct) =>
        ById("ec2:DescribeSecurityGroups", ids, async () => (await Pages("ec2:DescribeSecurityGroups",
                t => ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { Filters = [F("group-id", ids)], NextToken = t }, ct),
                r => (r.SecurityGroups, r.NextToken)).ConfigureAwait(false)).Select(Ec2Mapping.Group).ToArray(),
            g => g.Id, (i, st) => new SecurityGroupFacts(i, st));

    private Task<IReadOnlyList<VpcFacts>> Vpcs(IReadOnlyList<string> ids, CancellationToken ct) =>
        ById("ec2:DescribeVpcs", ids, async () => (await Pages("ec2:DescribeVpcs",
                t => ec2.DescribeVpcsAsync(new DescribeVpcsRequest { Filters = [F("vpc-id", ids)], NextToken = t }, ct),
                r => (r.Vpcs, r.NextToken)).ConfigureAwait(false)).Select(Ec2Mapping.Vpc).ToArray(),
            v => v.Id, (i, st) => new VpcFacts(i, st));

    private Task<IReadOnlyList<DhcpOptionsFacts>> Dhcp(IReadOnlyList<string> ids, CancellationToken ct) =>
        ById("ec2:DescribeDhcpOptions", ids, async () => (await Pages("ec2:DescribeDhcpOptions",
                t => ec2.DescribeDhcpOptionsAsync(new DescribeDhcpOptionsRequest { Filters = [F("dhcp-options-id", ids)], NextToken = t }, ct),
                r => (r.DhcpOptions, r.NextToken)).ConfigureAwait(false)).Select(Ec2Mapping.Dhcp).ToArray(),
            d => d.Id, (i, st) => new DhcpOptionsFacts(i, st));

    private async Task<IReadOnlyList<PrefixListFacts>> PrefixLists(IReadOnlyList<string> ids, CancellationToken ct)
    {
        var lists = await ById("ec2:DescribeManagedPrefixLists", ids, async () => (await Pages("ec2:DescribeManagedPrefixLists",
                t => ec2.DescribeManagedPrefixListsAsync(new DescribeManagedPrefixListsRequest { Filters = [F("prefix-list-id", ids)], NextToken = t }, ct),
                r => (r.PrefixLists, r.NextToken)).ConfigureAwait(false)).Select(p => new PrefixListFacts(p.PrefixListId, AwsStatus.Ok, p.PrefixListName)).ToArray(),
            p => p.Id, (i, st) => new PrefixListFacts(i, st)).ConfigureAwait(false);

        // Entries have no batch call: one call per list, all at once.
        return await Task.WhenAll(lists.Select(async p =>
        {
            if (!p.Status.IsOk)
            {
                return p;
            }

            try
            {
                var entries = await Pages("ec2:GetManagedPrefixListEntries",
                    t => ec2.GetManagedPrefixListEntriesAsync(new GetManagedPrefixListEntriesRequest { PrefixListId = p.Id, NextToken = t }, ct),
                    r => (r.Entries, r.NextToken)).ConfigureAwait(false);
                return p with { Cidrs = entries.Select(e => e.Cidr).OfType<string>().ToArray() };
            }
            catch (Exception ex) when (ex is not Core.InputException)
            {
                return p with { Status = AwsErrors.StatusOf(ex, "ec2:GetManagedPrefixListEntries", ct) };
            }
        })).ConfigureAwait(false);
    }

    private async Task<(IReadOnlyList<NetworkInterfaceFacts> Interfaces, AwsStatus Status)> Interfaces(IReadOnlyList<string> addresses, CancellationToken ct)
    {
        if (addresses.Count == 0)
        {
            return ([], AwsStatus.Ok);
        }

        try
        {
            var enis = await Pages("ec2:DescribeNetworkInterfaces",
                t => ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { Filters = [F("addresses.private-ip-address", addresses)], NextToken = t }, ct),
                r => (r.NetworkInterfaces, r.NextToken)).ConfigureAwait(false);
            return (enis.Select(Ec2Mapping.Interface).ToArray(), AwsStatus.Ok);
        }
        catch (Exception ex) when (ex is not Core.InputException)
        {
            return ([], AwsErrors.StatusOf(ex, "ec2:DescribeNetworkInterfaces", ct));
        }
    }

    /// <summary>
    /// The network interfaces of every interface endpoint, all in one call by id: where an endpoint's addresses are and
    /// in which zones, for rules that allow traffic to exactly those addresses.
    /// </summary>
    private async Task<AwsItems<VpcEndpointFacts>> EndpointInterfaces(AwsItems<VpcEndpointFacts> endpoints, CancellationToken ct)
    {
        var ids = endpoints.Items.SelectMany(e => e.NetworkInterfaceIds ?? []).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (ids.Length == 0)
        {
            return endpoints;
        }

        AwsStatus status;
        IReadOnlyList<NetworkInterfaceFacts> found;
        try
        {
            var enis = await Pages("ec2:DescribeNetworkInterfaces",
                t => ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { Filters = [F("network-interface-id", ids)], NextToken = t }, ct),
                r => (r.NetworkInterfaces, r.NextToken)).ConfigureAwait(false);
            (status, found) = (AwsStatus.Ok, enis.Select(Ec2Mapping.Interface).ToArray());
        }
        catch (Exception ex) when (ex is not Core.InputException)
        {
            (status, found) = (AwsErrors.StatusOf(ex, "ec2:DescribeNetworkInterfaces", ct), []);
        }

        return endpoints with
        {
            Items = endpoints.Items.Select(e => e.NetworkInterfaceIds is not { Count: > 0 } own ? e
                : e with { NetworkInterfaces = new AwsItems<NetworkInterfaceFacts>(status, found.Where(n => own.Contains(n.Id)).ToArray()) }).ToArray(),
        };
    }

    private async Task<(string VpcId, VpcDnsAttribute Support, VpcDnsAttribute Hostnames)> VpcDns(string vpcId, CancellationToken ct)
    {
        async Task<VpcDnsAttribute> One(VpcAttributeName name)
        {
            try
            {
                var r = await ec2.DescribeVpcAttributeAsync(new DescribeVpcAttributeRequest { VpcId = vpcId, Attribute = name }, ct).ConfigureAwait(false);
                return new VpcDnsAttribute(AwsStatus.Ok, name == VpcAttributeName.EnableDnsSupport ? r.EnableDnsSupport : r.EnableDnsHostnames);
            }
            catch (Exception ex) when (ex is not Core.InputException)
            {
                return new VpcDnsAttribute(AwsErrors.StatusOf(ex, "ec2:DescribeVpcAttribute", ct), null);
            }
        }

        var support = One(VpcAttributeName.EnableDnsSupport);
        var hostnames = One(VpcAttributeName.EnableDnsHostnames);
        return (vpcId, await support.ConfigureAwait(false), await hostnames.ConfigureAwait(false));
    }

    private async Task<List<RouteTableFacts>> RouteTables(IReadOnlyList<string> vpcIds, CancellationToken ct) =>
        (await Pages("ec2:DescribeRouteTables", t => ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { Filters = [F("vpc-id", vpcIds)], NextToken = t }, ct),
            r => (r.RouteTables, r.NextToken)).ConfigureAwait(false)).Select(Ec2Mapping.RouteTable).ToList();

    private async Task<List<NetworkAclFacts>> Acls(IReadOnlyList<string> vpcIds, CancellationToken ct) =>
        (await Pages("ec2:DescribeNetworkAcls", t => ec2.DescribeNetworkAclsAsync(new DescribeNetworkAclsRequest { Filters = [F("vpc-id", vpcIds)], NextToken = t }, ct),
            r => (r.NetworkAcls, r.NextToken)).ConfigureAwait(false)).Select(Ec2Mapping.Acl).ToList();

    private async Task<List<VpcEndpointFacts>> Endpoints(IReadOnlyList<string> vpcIds, CancellationToken ct) =>
        (await Pages("ec2:DescribeVpcEndpoints", t => ec2.DescribeVpcEndpointsAsync(new DescribeVpcEndpointsRequest { Filters = [F("vpc-id", vpcIds)], NextToken = t }, ct),
            r => (r.VpcEndpoints, r.NextToken)).ConfigureAwait(false)).Select(Ec2Mapping.Endpoint).ToList();

    private async Task<List<NatGatewayFacts>> Nats(IReadOnlyList<string> vpcIds, CancellationToken ct) =>
        (await Pages("ec2:DescribeNatGateways", t => ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { Filter = [F("vpc-id", vpcIds)], NextToken = t }, ct),
            r => (r.NatGateways, r.NextToken)).ConfigureAwait(false))
            .Select(n => new NatGatewayFacts(n.NatGatewayId, n.VpcId, n.SubnetId, n.State?.Value, n.ConnectivityType?.Value)).ToList();

    private async Task<List<InternetGatewayFacts>> Igws(IReadOnlyList<string> vpcIds, CancellationToken ct) =>
        (await Pages("ec2:DescribeInternetGateways", t => ec2.DescribeInternetGatewaysAsync(new DescribeInternetGatewaysRequest { Filters = [F("attachment.vpc-id", vpcIds)], NextToken = t }, ct),
            r => (r.InternetGateways, r.NextToken)).ConfigureAwait(false))
            .Select(g => new InternetGatewayFacts(g.InternetGatewayId, (g.Attachments ?? []).Select(a => a.VpcId).OfType<string>().ToArray())).ToList();

    private async Task<List<PeeringConnectionFacts>> Peerings(IReadOnlyList<string> vpcIds, CancellationToken ct)
    {
        Task<List<VpcPeeringConnection>> Side(string filter) => Pages("ec2:DescribeVpcPeeringConnections",
            t => ec2.DescribeVpcPeeringConnectionsAsync(new DescribeVpcPeeringConnectionsRequest { Filters = [F(filter, vpcIds)], NextToken = t }, ct),
            r => (r.VpcPeeringConnections, r.NextToken));
        var sides = await Task.WhenAll(Side("requester-vpc-info.vpc-id"), Side("accepter-vpc-info.vpc-id")).ConfigureAwait(false);
        return sides.SelectMany(s => s).DistinctBy(p => p.VpcPeeringConnectionId).Select(Ec2Mapping.Peering).ToList();
    }
}
