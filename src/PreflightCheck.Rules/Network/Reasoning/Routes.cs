namespace PreflightCheck.Rules.Network.Reasoning;

internal enum RouteTarget
{
    Local,
    InternetGateway,
    EgressOnlyInternetGateway,
    NatGateway,
    NatInstance,
    VpcPeering,
    TransitGateway,
    VirtualPrivateGateway,
    GatewayEndpoint,
    NetworkInterface,
    Other,
}

/// <summary>One route: a destination block or prefix list, and the target id as EC2 gives it.</summary>
internal sealed record RouteEntry(string? Destination, string? DestinationPrefixListId, string TargetId, bool Active = true, RouteTarget? TargetKind = null)
{
    /// <summary>The kind of target as given, else from the id's prefix ("local", "igw-", "nat-", "pcx-", "tgw-", "vgw-", "vpce-", "eigw-", "eni-", "i-").</summary>
    public RouteTarget Kind => TargetKind ?? TargetId switch
    {
        "local" => RouteTarget.Local,
        _ when TargetId.StartsWith("igw-", StringComparison.Ordinal) => RouteTarget.InternetGateway,
        _ when TargetId.StartsWith("eigw-", StringComparison.Ordinal) => RouteTarget.EgressOnlyInternetGateway,
        _ when TargetId.StartsWith("nat-", StringComparison.Ordinal) => RouteTarget.NatGateway,
        _ when TargetId.StartsWith("i-", StringComparison.Ordinal) => RouteTarget.NatInstance,
        _ when TargetId.StartsWith("pcx-", StringComparison.Ordinal) => RouteTarget.VpcPeering,
        _ when TargetId.StartsWith("tgw-", StringComparison.Ordinal) => RouteTarget.TransitGateway,
        _ when TargetId.StartsWith("vgw-", StringComparison.Ordinal) => RouteTarget.VirtualPrivateGateway,
        _ when TargetId.StartsWith("vpce-", StringComparison.Ordinal) => RouteTarget.GatewayEndpoint,
        _ when TargetId.StartsWith("eni-", StringComparison.Ordinal) => RouteTarget.NetworkInterface,
        _ => RouteTarget.Other,
    };

    public string Describe() => $"{Destination ?? DestinationPrefixListId} -> {TargetId}{(Active ? "" : " (blackhole)")}";
}

internal sealed record RouteTableModel(
    string RouteTableId,
    string VpcId,
    bool IsMain,
    IReadOnlyCollection<string> SubnetIds,
    IReadOnlyList<RouteEntry> Routes);

/// <summary>The table in effect for a subnet, and the route the address takes there (null: no route covers it).</summary>
internal sealed record RouteLookup(RouteTableModel? Table, bool ViaMainTable, RouteEntry? Route)
{
    public bool Routed => Route is { Active: true };
}

internal static class RouteEvaluator
{
    /// <summary>The subnet's explicitly associated table, else the main table of its VPC; null when neither is known.</summary>
    public static (RouteTableModel? Table, bool ViaMain) TableFor(IEnumerable<RouteTableModel> tables, string subnetId, string vpcId)
    {
        var all = tables as IReadOnlyCollection<RouteTableModel> ?? tables.ToArray();
        var explicitTable = all.FirstOrDefault(t => t.SubnetIds.Contains(subnetId));
        return explicitTable is not null
            ? (explicitTable, false)
            : (all.FirstOrDefault(t => t.IsMain && t.VpcId == vpcId), true);
    }

    /// <summary>
    /// Longest-prefix match over the table's routes, prefix-list routes counting by each of their blocks. The most
    /// specific route wins even when it is a blackhole, as in the VPC router, so a blackhole hides a broader route.
    /// At equal length a CIDR route is preferred to a prefix-list one.
    /// </summary>
    public static RouteLookup Lookup(IEnumerable<RouteTableModel> tables, string subnetId, string vpcId, IpCidr address, Func<string, IReadOnlyList<string>?> prefixList)
    {
        var (table, viaMain) = TableFor(tables, subnetId, vpcId);
        if (table is null)
        {
            return new RouteLookup(null, viaMain, null);
        }

        return new RouteLookup(table, viaMain, Best(table, address, prefixList));
    }

    public static RouteEntry? Best(RouteTableModel table, IpCidr address, Func<string, IReadOnlyList<string>?> prefixList)
    {
        var candidates = new List<(IpCidr, RouteEntry)>();
        foreach (var route in table.Routes)
        {
            if (route.Destination is not null && IpCidr.TryParse(route.Destination, out var block))
            {
                candidates.Add((block, route));
            }
            else if (route.DestinationPrefixListId is not null)
            {
                foreach (var text in prefixList(route.DestinationPrefixListId) ?? [])
                {
                    if (IpCidr.TryParse(text, out var entry))
                    {
                        candidates.Add((entry, route));
                    }
                }
            }
        }

        return LongestPrefix.Match(candidates, address, r => r.DestinationPrefixListId is null ? 0 : 1);
    }

    /// <summary>The active route for the whole internet (0.0.0.0/0, or ::/0 for IPv6) in the table, if any.</summary>
    public static RouteEntry? DefaultRoute(RouteTableModel table, bool ipv6 = false) =>
        table.Routes.FirstOrDefault(r => r.Destination == (ipv6 ? "::/0" : "0.0.0.0/0"));
}
