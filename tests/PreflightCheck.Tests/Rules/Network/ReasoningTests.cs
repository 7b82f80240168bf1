using System.Net;
using PreflightCheck.Rules.Network.Reasoning;

namespace PreflightCheck.Tests.Rules.Network;

public class IpCidrTests
{
    [Theory]
    [InlineData("10.0.0.0/16", "10.0.255.255", true)]
    [InlineData("10.0.0.0/16", "10.1.0.0", false)]
    [InlineData("10.0.0.0/16", "9.255.255.255", false)]
    [InlineData("0.0.0.0/0", "203.0.113.9", true)]
    [InlineData("10.0.5.20/32", "10.0.5.20", true)]
    [InlineData("10.0.5.20/32", "10.0.5.21", false)]
    [InlineData("10.0.5.20", "10.0.5.20", true)]
    [InlineData("10.0.0.1/16", "10.0.200.1", true)]
    [InlineData("2001:db8::/56", "2001:db8:0:ff::1", true)]
    [InlineData("2001:db8::/56", "2001:db8:0:100::1", false)]
    [InlineData("::/0", "2001:db8::1", true)]
    [InlineData("::/0", "10.0.0.1", false)]
    [InlineData("0.0.0.0/0", "2001:db8::1", false)]
    [InlineData("::ffff:0:0/96", "10.0.0.1", false)]
    public void Contains_WhenAddressGiven_MatchesTheBlock(string cidr, string address, bool expected) =>
        Assert.Equal(expected, IpCidr.Parse(cidr).Contains(IPAddress.Parse(address)));

    [Theory]
    [InlineData("10.0.0.0/16", "10.0.1.0/24", true, true)]
    [InlineData("10.0.1.0/24", "10.0.0.0/16", false, true)]
    [InlineData("10.0.0.0/24", "10.0.1.0/24", false, false)]
    [InlineData("10.0.0.0/23", "10.0.1.0/24", true, true)]
    [InlineData("10.0.1.128/25", "10.0.1.0/24", false, true)]
    [InlineData("10.0.0.0/16", "10.0.0.0/16", true, true)]
    [InlineData("0.0.0.0/0", "::/0", false, false)]
    [InlineData("2001:db8::/32", "2001:db8:1::/48", true, true)]
    [InlineData("2001:db8:1::/48", "2001:db8:2::/48", false, false)]
    public void CoversAndOverlaps_WhenTwoBlocksGiven_FollowTheRanges(string a, string b, bool covers, bool overlaps)
    {
        Assert.Equal(covers, IpCidr.Parse(a).Covers(IpCidr.Parse(b)));
        Assert.Equal(overlaps, IpCidr.Parse(a).Overlaps(IpCidr.Parse(b)));
        Assert.Equal(overlaps, IpCidr.Parse(b).Overlaps(IpCidr.Parse(a)));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0/16")]
    [InlineData("2001:db8::/129")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/ 8")]
    [InlineData("registry.example.com")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_WhenTextIsNotABlock_Refuses(string? text) =>
        Assert.False(IpCidr.TryParse(text, out _));

    [Theory]
    [InlineData("10.0.0.1/16", false, "10.0.0.0/16")]
    [InlineData("10.0.0.0/16", true, "10.0.0.0/16")]
    [InlineData("2001:db8::1/64", false, "2001:db8::/64")]
    [InlineData("0.0.0.0/0", true, "0.0.0.0/0")]
    public void TryParse_WhenHostBitsSet_NormalisesUnlessStrict(string text, bool strictOk, string normal)
    {
        Assert.True(IpCidr.TryParse(text, out var loose));
        Assert.Equal(normal, loose.ToString());
        Assert.Equal(strictOk, IpCidr.TryParse(text, out _, strict: true));
    }

    [Theory]
    [InlineData("10.0.0.0/24", "256")]
    [InlineData("10.0.0.0/32", "1")]
    [InlineData("0.0.0.0/0", "4294967296")]
    public void Size_WhenBlockGiven_CountsAddresses(string cidr, string size) =>
        Assert.Equal(UInt128.Parse(size, System.Globalization.CultureInfo.InvariantCulture), IpCidr.Parse(cidr).Size);

    [Theory]
    [InlineData(new[] { "10.0.0.0/25", "10.0.0.128/25" }, "10.0.0.0/24", true)]
    [InlineData(new[] { "10.0.0.0/25", "10.0.0.192/26" }, "10.0.0.0/24", false)]
    [InlineData(new[] { "10.0.0.128/25", "10.0.0.0/26", "10.0.0.64/26" }, "10.0.0.0/24", true)]
    [InlineData(new[] { "10.0.0.0/16" }, "10.0.3.0/24", true)]
    [InlineData(new[] { "10.0.3.0/25" }, "10.0.3.0/24", false)]
    [InlineData(new[] { "0.0.0.0/0" }, "2001:db8::/64", false)]
    [InlineData(new[] { "::/0" }, "2001:db8::/64", true)]
    [InlineData(new string[0], "10.0.0.0/24", false)]
    public void AddressSet_WhenBlocksAreUnited_CoversOnlyWithoutGaps(string[] blocks, string range, bool expected)
    {
        var set = new AddressSet();
        foreach (var block in blocks)
        {
            set.Add(IpCidr.Parse(block));
        }

        Assert.Equal(expected, set.Covers(IpCidr.Parse(range)));
    }

    [Theory]
    [InlineData("10.0.5.20", "local")]
    [InlineData("10.1.2.3", "pcx")]
    [InlineData("10.1.9.3", "tgw")]
    [InlineData("8.8.8.8", "nat")]
    [InlineData("2001:db8::1", null)]
    public void LongestPrefix_WhenSeveralBlocksHold_TheLongestWins(string address, string? expected)
    {
        (IpCidr, string)[] routes =
        [
            (IpCidr.Parse("0.0.0.0/0"), "nat"),
            (IpCidr.Parse("10.0.0.0/16"), "local"),
            (IpCidr.Parse("10.0.0.0/8"), "tgw"),
            (IpCidr.Parse("10.1.0.0/21"), "pcx"),
        ];

        Assert.Equal(expected, LongestPrefix.Match(routes, IpCidr.Parse(address)));
    }
}

public class ProtocolTests
{
    [Theory]
    [InlineData("-1", null, null, 443, true)]
    [InlineData("-1", -1, -1, 5000, true)]
    [InlineData("tcp", 443, 443, 443, true)]
    [InlineData("6", 443, 443, 443, true)]
    [InlineData("TCP", 0, 65535, 5000, true)]
    [InlineData("tcp", 1024, 65535, 443, false)]
    [InlineData("tcp", 5000, 5001, 5001, true)]
    [InlineData("udp", 0, 65535, 443, false)]
    [InlineData("17", 443, 443, 443, false)]
    [InlineData("icmp", -1, -1, 443, false)]
    [InlineData("1", 8, 0, 8, false)]
    [InlineData("58", -1, -1, 443, false)]
    [InlineData("50", null, null, 443, false)]
    public void TcpPorts_WhenRuleGiven_AdmitsOnlyTcpPortsInRange(string protocol, int? from, int? to, int port, bool expected) =>
        Assert.Equal(expected, IpProtocol.TcpPorts(protocol, from, to)?.Contains(port) == true);

    [Theory]
    [InlineData("-1", null, null, "all traffic")]
    [InlineData("6", 443, 443, "tcp 443")]
    [InlineData("tcp", 1024, 65535, "tcp 1024-65535")]
    [InlineData("icmp", 8, 0, "icmp")]
    public void Describe_WhenRuleGiven_ReadsLikeTheConsole(string protocol, int? from, int? to, string expected) =>
        Assert.Equal(expected, IpProtocol.Describe(protocol, from, to));
}
