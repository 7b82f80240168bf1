using System.Globalization;

namespace PreflightCheck.Rules.Network.Reasoning;

/// <summary>An inclusive port range; <see cref="All"/> stands for "every port" (protocol -1 or no ports given).</summary>
internal readonly record struct PortRange(int From, int To)
{
    public static readonly PortRange All = new(0, 65535);

    public static readonly PortRange Ephemeral = new(1024, 65535);

    public static PortRange Single(int port) => new(port, port);

    public bool Contains(int port) => From <= port && port <= To;

    public bool Covers(PortRange other) => From <= other.From && other.To <= To;

    public override string ToString() => From == To ? From.ToString(CultureInfo.InvariantCulture) : $"{From}-{To}";
}

internal enum IpProtocolKind
{
    All,
    Tcp,
    Udp,
    Icmp,
    IcmpV6,
    Other,
}

/// <summary>Reads the protocol spellings EC2 returns ("-1", "tcp", "6", "udp", "17", "icmp", "1", "58"...).</summary>
internal static class IpProtocol
{
    public static IpProtocolKind Parse(string? protocol) => protocol?.Trim().ToLowerInvariant() switch
    {
        null or "" or "-1" or "all" => IpProtocolKind.All,
        "tcp" or "6" => IpProtocolKind.Tcp,
        "udp" or "17" => IpProtocolKind.Udp,
        "icmp" or "1" => IpProtocolKind.Icmp,
        "icmpv6" or "58" => IpProtocolKind.IcmpV6,
        _ => IpProtocolKind.Other,
    };

    /// <summary>
    /// The TCP ports a rule with this protocol and port fields lets through: all of them for protocol -1,
    /// the from/to range for TCP (a missing or -1 bound meaning every port), none for any other protocol,
    /// ICMP included, whose type and code fields say nothing about TCP.
    /// </summary>
    public static PortRange? TcpPorts(string? protocol, int? fromPort, int? toPort) => Parse(protocol) switch
    {
        IpProtocolKind.All => PortRange.All,
        IpProtocolKind.Tcp when fromPort is null or -1 || toPort is null or -1 => PortRange.All,
        IpProtocolKind.Tcp => new PortRange(Math.Max(0, fromPort!.Value), Math.Min(65535, toPort!.Value)),
        _ => null,
    };

    public static string Describe(string? protocol, int? fromPort, int? toPort) => Parse(protocol) switch
    {
        IpProtocolKind.All => "all traffic",
        IpProtocolKind.Tcp or IpProtocolKind.Udp => $"{Parse(protocol).ToString().ToLowerInvariant()} {TcpPorts("tcp", fromPort, toPort)}",
        IpProtocolKind.Icmp or IpProtocolKind.IcmpV6 => Parse(protocol).ToString().ToLowerInvariant(),
        _ => $"protocol {protocol}",
    };
}
