namespace PreflightCheck.Rules.Network.Reasoning;

/// <summary>A referenced group in a rule; <see cref="PeeringConnectionId"/> is set when it lives across a peering.</summary>
internal sealed record GroupReference(string GroupId, string? VpcId = null, string? PeeringConnectionId = null);

/// <summary>One permission of a security group (an IpPermission), in either direction.</summary>
internal sealed record SgPermission(
    string Protocol,
    int? FromPort,
    int? ToPort,
    IReadOnlyList<string> Cidrs,
    IReadOnlyList<GroupReference> Groups,
    IReadOnlyList<string> PrefixListIds)
{
    public string Ports => IpProtocol.Describe(Protocol, FromPort, ToPort);
}

internal sealed record SecurityGroupModel(
    string GroupId,
    string? VpcId,
    IReadOnlyList<SgPermission> Ingress,
    IReadOnlyList<SgPermission> Egress,
    string? GroupName = null);

/// <summary>
/// The other end of a connection: the groups its network interfaces carry, its VPC, and the address blocks it sends
/// from (or listens on). A rule admits the peer if it references one of its groups, or if the union of the CIDRs the
/// rules admit covers every block (every model subnet, every address of an endpoint).
/// </summary>
internal sealed record Peer(IReadOnlyCollection<string> GroupIds, string? VpcId, IReadOnlyList<IpCidr> Blocks)
{
    public static Peer Address(IpCidr address) => new([], null, [address]);
}

internal enum Decision
{
    Allowed,
    Denied,
    Unknown,
}

/// <summary>A rule that took part in the decision, for evidence: "sg-1 tcp 443 from sg-2".</summary>
internal sealed record SgMatch(string GroupId, string Rule);

internal sealed record SgVerdict(
    Decision Decision,
    IReadOnlyList<SgMatch> Matches,
    IReadOnlyList<string> UnresolvedPrefixLists,
    IReadOnlyList<SgMatch> CrossVpcReferences)
{
    public string Explain() => string.Join("; ", Matches.Select(m => $"{m.GroupId}: {m.Rule}"));
}

internal static class SecurityGroupEvaluator
{
    /// <summary>Do these groups (all on one interface) let TCP from <paramref name="source"/> in on <paramref name="port"/>?</summary>
    public static SgVerdict Ingress(IEnumerable<SecurityGroupModel> groups, Peer source, int port, Func<string, IReadOnlyList<string>?> prefixList) =>
        Evaluate(groups, source, port, prefixList, egress: false);

    /// <summary>Do these groups let TCP out to <paramref name="destination"/> on <paramref name="port"/>?</summary>
    public static SgVerdict Egress(IEnumerable<SecurityGroupModel> groups, Peer destination, int port, Func<string, IReadOnlyList<string>?> prefixList) =>
        Evaluate(groups, destination, port, prefixList, egress: true);

    private static SgVerdict Evaluate(IEnumerable<SecurityGroupModel> groups, Peer peer, int port, Func<string, IReadOnlyList<string>?> prefixList, bool egress)
    {
        var word = egress ? "to" : "from";
        var admitted = new AddressSet();
        var cidrMatches = new List<SgMatch>();
        var groupMatches = new List<SgMatch>();
        var crossVpc = new List<SgMatch>();
        var unresolved = new List<string>();
        foreach (var group in groups)
        {
            foreach (var permission in egress ? group.Egress : group.Ingress)
            {
                var ports = IpProtocol.TcpPorts(permission.Protocol, permission.FromPort, permission.ToPort);
                if (ports is null || !ports.Value.Contains(port))
                {
                    continue;
                }

                foreach (var reference in permission.Groups.Where(g => peer.GroupIds.Contains(g.GroupId)))
                {
                    var match = new SgMatch(group.GroupId, $"{permission.Ports} {word} {reference.GroupId}");
                    var sameVpc = reference.PeeringConnectionId is null
                        && (reference.VpcId is null || peer.VpcId is null || reference.VpcId == peer.VpcId)
                        && (group.VpcId is null || peer.VpcId is null || group.VpcId == peer.VpcId);
                    if (sameVpc)
                    {
                        groupMatches.Add(match);
                    }
                    else if (reference.PeeringConnectionId is not null)
                    {
                        groupMatches.Add(match with { Rule = match.Rule + $" (across {reference.PeeringConnectionId})" });
                    }
                    else
                    {
                        crossVpc.Add(match);
                    }
                }

                foreach (var text in permission.Cidrs)
                {
                    if (IpCidr.TryParse(text, out var block) && peer.Blocks.Any(b => block.Overlaps(b)))
                    {
                        admitted.Add(block);
                        cidrMatches.Add(new SgMatch(group.GroupId, $"{permission.Ports} {word} {text}"));
                    }
                }

                foreach (var id in permission.PrefixListIds)
                {
                    var entries = prefixList(id);
                    if (entries is null)
                    {
                        unresolved.Add(id);
                        continue;
                    }

                    foreach (var text in entries)
                    {
                        if (IpCidr.TryParse(text, out var block) && peer.Blocks.Any(b => block.Overlaps(b)))
                        {
                            admitted.Add(block);
                            cidrMatches.Add(new SgMatch(group.GroupId, $"{permission.Ports} {word} {id} ({text})"));
                        }
                    }
                }
            }
        }

        if (groupMatches.Count > 0)
        {
            return new SgVerdict(Decision.Allowed, groupMatches.Concat(cidrMatches).Distinct().ToArray(), unresolved.Distinct().ToArray(), crossVpc);
        }

        if (peer.Blocks.Count > 0 && peer.Blocks.All(admitted.Covers))
        {
            return new SgVerdict(Decision.Allowed, cidrMatches.Distinct().ToArray(), unresolved.Distinct().ToArray(), crossVpc);
        }

        return new SgVerdict(unresolved.Count > 0 ? Decision.Unknown : Decision.Denied, cidrMatches.Distinct().ToArray(), unresolved.Distinct().ToArray(), crossVpc);
    }

    /// <summary>Inbound permissions on <paramref name="port"/> open to every address (0.0.0.0/0 or ::/0), including all-traffic rules.</summary>
    public static IReadOnlyList<SgMatch> OpenToWorld(IEnumerable<SecurityGroupModel> groups, int port) =>
        groups.SelectMany(g => g.Ingress
                .Where(p => IpProtocol.TcpPorts(p.Protocol, p.FromPort, p.ToPort)?.Contains(port) == true)
                .SelectMany(p => p.Cidrs
                    .Where(c => IpCidr.TryParse(c, out var b) && b.IsEverything)
                    .Select(c => new SgMatch(g.GroupId, $"{p.Ports} from {c}"))))
            .Distinct()
            .ToArray();
}
