using System.Globalization;

namespace PreflightCheck.Rules.Network.Reasoning;

/// <summary>One network ACL entry as EC2 returns it; rule number 32767 is the implicit final deny.</summary>
internal sealed record NaclEntry(
    int RuleNumber,
    bool Egress,
    string Protocol,
    bool Allow,
    string? Cidr,
    int? FromPort = null,
    int? ToPort = null)
{
    public string Describe() =>
        $"{(Egress ? "outbound" : "inbound")} {(RuleNumber >= 32767 ? "*" : RuleNumber.ToString(CultureInfo.InvariantCulture))} {IpProtocol.Describe(Protocol, FromPort, ToPort)} {Cidr} {(Allow ? "allow" : "deny")}";
}

internal sealed record NaclModel(string AclId, IReadOnlyList<NaclEntry> Entries, bool IsDefault = false);

/// <summary>What an ACL decides for a set of TCP packets, and the entries that decided it.</summary>
internal sealed record NaclVerdict(Decision Decision, IReadOnlyList<NaclEntry> Deciding, NaclEntry? DenyingEntry, string Flow)
{
    public bool Allowed => Decision == Decision.Allowed;

    /// <summary>"acl-1 inbound 120 tcp 1024-65535 10.0.5.0/24 allow" or the denying entry, for messages.</summary>
    public string Explain(string aclId) => DenyingEntry is { } deny
        ? $"{aclId} {deny.Describe()} drops {Flow}"
        : DenyingEntry is null && Decision == Decision.Denied
            ? $"{aclId} has no rule for {Flow}: the final * rule denies it"
            : $"{aclId} lets {Flow} through ({string.Join(", ", Deciding.Select(d => d.Describe()))})";
}

/// <summary>
/// Stateless, ordered evaluation: entries are read in rule-number order and the first one that matches a packet
/// decides it; packets no entry matches are denied. A flow is a block of remote addresses times a range of ports,
/// and it is allowed only when every packet in it is allowed, so a deny that hides behind a broader allow is found.
/// </summary>
internal static class NaclEvaluator
{
    public static NaclVerdict Evaluate(NaclModel acl, bool egress, IpCidr remote, PortRange ports, string flow)
    {
        var undecided = new List<(UInt128 First, UInt128 Last, int From, int To)> { (remote.First, remote.Last, ports.From, ports.To) };
        var deciding = new List<NaclEntry>();
        foreach (var entry in acl.Entries.Where(e => e.Egress == egress).OrderBy(e => e.RuleNumber))
        {
            if (undecided.Count == 0)
            {
                break;
            }

            var entryPorts = IpProtocol.TcpPorts(entry.Protocol, entry.FromPort, entry.ToPort);
            if (entryPorts is null || !IpCidr.TryParse(entry.Cidr, out var block) || block.Family != remote.Family)
            {
                continue;
            }

            var next = new List<(UInt128, UInt128, int, int)>();
            var hit = false;
            foreach (var box in undecided)
            {
                var first = UInt128.Max(box.First, block.First);
                var last = UInt128.Min(box.Last, block.Last);
                var from = Math.Max(box.From, entryPorts.Value.From);
                var to = Math.Min(box.To, entryPorts.Value.To);
                if (first > last || from > to)
                {
                    next.Add(box);
                    continue;
                }

                hit = true;
                if (!entry.Allow)
                {
                    return new NaclVerdict(Decision.Denied, [.. deciding, entry], entry, flow);
                }

                // What the entry does not match stays undecided: the address parts outside it, then the port parts.
                if (box.First < first)
                {
                    next.Add((box.First, first - 1, box.From, box.To));
                }

                if (last < box.Last)
                {
                    next.Add((last + 1, box.Last, box.From, box.To));
                }

                if (box.From < from)
                {
                    next.Add((first, last, box.From, from - 1));
                }

                if (to < box.To)
                {
                    next.Add((first, last, to + 1, box.To));
                }
            }

            if (hit)
            {
                deciding.Add(entry);
            }

            undecided = next;
        }

        return undecided.Count == 0
            ? new NaclVerdict(Decision.Allowed, deciding, null, flow)
            : new NaclVerdict(Decision.Denied, deciding, null, flow);
    }

    /// <summary>
    /// The four checks one TCP connection needs when client and server sit behind ACLs: the request leaving the client
    /// subnet and entering the server subnet on the server port, and the reply leaving the server subnet and entering
    /// the client subnet on the client's ephemeral ports (1024-65535).
    /// </summary>
    public static IReadOnlyList<(string AclId, NaclVerdict Verdict)> Connection(
        NaclModel? clientAcl, IpCidr clientBlock, NaclModel? serverAcl, IpCidr serverAddress, int port)
    {
        var results = new List<(string, NaclVerdict)>();
        var service = PortRange.Single(port);
        if (clientAcl is not null)
        {
            results.Add((clientAcl.AclId, Evaluate(clientAcl, egress: true, serverAddress, service, $"outbound tcp {port} to {serverAddress}")));
            results.Add((clientAcl.AclId, Evaluate(clientAcl, egress: false, serverAddress, PortRange.Ephemeral, $"inbound tcp {PortRange.Ephemeral} from {serverAddress} (replies)")));
        }

        if (serverAcl is not null)
        {
            results.Add((serverAcl.AclId, Evaluate(serverAcl, egress: false, clientBlock, service, $"inbound tcp {port} from {clientBlock}")));
            results.Add((serverAcl.AclId, Evaluate(serverAcl, egress: true, clientBlock, PortRange.Ephemeral, $"outbound tcp {PortRange.Ephemeral} to {clientBlock} (replies)")));
        }

        return results;
    }
}
