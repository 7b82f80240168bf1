using PreflightCheck.Rules.Network.Reasoning;

namespace PreflightCheck.Tests.Rules.Network;

public class NaclEvaluatorTests
{
    private static NaclEntry In(int number, string protocol, string cidr, bool allow, int? from = null, int? to = null) =>
        new(number, false, protocol, allow, cidr, from, to);

    private static NaclEntry Out(int number, string protocol, string cidr, bool allow, int? from = null, int? to = null) =>
        new(number, true, protocol, allow, cidr, from, to);

    private static readonly NaclEntry FinalInDeny = In(32767, "-1", "0.0.0.0/0", false);
    private static readonly NaclEntry FinalOutDeny = Out(32767, "-1", "0.0.0.0/0", false);

    private static readonly Dictionary<string, (NaclEntry[] Entries, bool Egress, string Remote, int From, int To, Decision Expected, int? DenyingRule)> Table = new()
    {
        ["default allow all"] = ([In(100, "-1", "0.0.0.0/0", true), FinalInDeny], false, "10.0.5.0/24", 443, 443, Decision.Allowed, null),
        ["only the final deny"] = ([FinalInDeny], false, "10.0.5.0/24", 443, 443, Decision.Denied, 32767),
        ["no entries at all"] = ([], false, "10.0.5.0/24", 443, 443, Decision.Denied, null),
        ["port allowed"] = ([In(100, "6", "10.0.0.0/16", true, 443, 443), FinalInDeny], false, "10.0.5.0/24", 443, 443, Decision.Allowed, null),
        ["lower deny wins over later allow"] = ([In(90, "tcp", "10.0.5.0/24", false, 443, 443), In(100, "-1", "0.0.0.0/0", true), FinalInDeny], false, "10.0.5.0/24", 443, 443, Decision.Denied, 90),
        ["order is by number, not by list position"] = ([In(100, "-1", "0.0.0.0/0", true), In(90, "tcp", "10.0.5.0/24", false, 443, 443), FinalInDeny], false, "10.0.5.0/24", 443, 443, Decision.Denied, 90),
        ["lower allow wins over later deny"] = ([In(80, "tcp", "10.0.5.0/24", true, 443, 443), In(90, "-1", "0.0.0.0/0", false), FinalInDeny], false, "10.0.5.0/24", 443, 443, Decision.Allowed, null),
        ["deny of part of the source block"] = ([In(90, "tcp", "10.0.5.128/25", false, 443, 443), In(100, "-1", "0.0.0.0/0", true), FinalInDeny], false, "10.0.5.0/24", 443, 443, Decision.Denied, 90),
        ["allow of half the block, rest falls to the final deny"] = ([In(100, "tcp", "10.0.5.0/25", true, 443, 443), FinalInDeny], false, "10.0.5.0/24", 443, 443, Decision.Denied, 32767),
        ["halves allowed by two rules"] = ([In(100, "tcp", "10.0.5.0/25", true, 443, 443), In(110, "tcp", "10.0.5.128/25", true, 443, 443), FinalInDeny], false, "10.0.5.0/24", 443, 443, Decision.Allowed, null),
        ["ephemeral range fully allowed"] = ([In(120, "tcp", "10.0.5.0/24", true, 1024, 65535), FinalInDeny], false, "10.0.5.20/32", 1024, 65535, Decision.Allowed, null),
        ["only the Linux ephemeral range"] = ([In(120, "tcp", "10.0.5.0/24", true, 32768, 60999), FinalInDeny], false, "10.0.5.20/32", 1024, 65535, Decision.Denied, 32767),
        ["ephemeral range with a deny in the middle"] = ([In(110, "tcp", "0.0.0.0/0", false, 3306, 3306), In(120, "tcp", "10.0.5.0/24", true, 1024, 65535), FinalInDeny], false, "10.0.5.20/32", 1024, 65535, Decision.Denied, 110),
        ["udp allow does not count"] = ([In(100, "udp", "0.0.0.0/0", true, 0, 65535), FinalInDeny], false, "10.0.5.0/24", 443, 443, Decision.Denied, 32767),
        ["icmp deny is irrelevant"] = ([In(50, "icmp", "0.0.0.0/0", false), In(100, "-1", "0.0.0.0/0", true), FinalInDeny], false, "10.0.5.0/24", 443, 443, Decision.Allowed, null),
        ["outbound entries do not decide inbound"] = ([Out(100, "-1", "0.0.0.0/0", true), FinalInDeny, FinalOutDeny], false, "10.0.5.0/24", 443, 443, Decision.Denied, 32767),
        ["outbound allow"] = ([Out(100, "tcp", "10.0.5.20/32", true, 443, 443), FinalOutDeny], true, "10.0.5.20/32", 443, 443, Decision.Allowed, null),
        ["IPv6 entries ignore IPv4 traffic"] = ([In(100, "-1", "::/0", true), FinalInDeny], false, "10.0.5.0/24", 443, 443, Decision.Denied, 32767),
        ["IPv6 traffic"] = ([In(100, "-1", "::/0", true), In(32768, "-1", "::/0", false)], false, "2001:db8::/64", 443, 443, Decision.Allowed, null),
    };

    public static TheoryData<string> Cases() => new(Table.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_WhenAclHasTheseEntries_FirstMatchByNumberDecides(string name)
    {
        var (entries, egress, remote, from, to, expected, denyingRule) = Table[name];
        var verdict = NaclEvaluator.Evaluate(new NaclModel("acl-1", entries), egress, IpCidr.Parse(remote), new PortRange(from, to), "flow");

        Assert.True(expected == verdict.Decision, $"{name}: {verdict.Explain("acl-1")}");
        Assert.Equal(denyingRule, verdict.DenyingEntry?.RuleNumber);
    }

    [Fact]
    public void Connection_WhenModelAclLacksInboundReplies_FailsOnlyThatDirection()
    {
        var model = new NaclModel("acl-model", [Out(100, "tcp", "10.0.5.0/24", true, 443, 443), FinalInDeny, FinalOutDeny]);
        var registry = new NaclModel("acl-registry", [In(100, "-1", "0.0.0.0/0", true), Out(100, "-1", "0.0.0.0/0", true), FinalInDeny, FinalOutDeny]);

        var results = NaclEvaluator.Connection(model, IpCidr.Parse("10.0.1.0/24"), registry, IpCidr.Parse("10.0.5.20"), 443);

        Assert.Equal(4, results.Count);
        var denied = Assert.Single(results, r => r.Verdict.Decision == Decision.Denied);
        Assert.Equal("acl-model", denied.AclId);
        Assert.Contains("inbound tcp 1024-65535 from 10.0.5.20/32 (replies)", denied.Verdict.Explain(denied.AclId), StringComparison.Ordinal);
    }
}

public class RouteEvaluatorTests
{
    private const string Vpc = "vpc-0abc";

    private static readonly RouteTableModel Main = new("rtb-main", Vpc, true, [],
        [new RouteEntry("10.0.0.0/16", null, "local"), new RouteEntry("0.0.0.0/0", null, "igw-0123")]);

    private static readonly RouteTableModel Private = new("rtb-private", Vpc, false, ["subnet-a"],
    [
        new RouteEntry("10.0.0.0/16", null, "local"),
        new RouteEntry("0.0.0.0/0", null, "nat-0123"),
        new RouteEntry("10.20.0.0/16", null, "pcx-0123"),
        new RouteEntry("10.30.0.0/16", null, "tgw-0123"),
        new RouteEntry("10.30.9.0/24", null, "vgw-0123", Active: false),
        new RouteEntry("172.16.0.0/12", null, "vgw-0456"),
        new RouteEntry(null, "pl-s3", "vpce-0s3"),
        new RouteEntry("2001:db8::/56", null, "local"),
        new RouteEntry("::/0", null, "eigw-0123"),
    ]);

    private static IReadOnlyList<string>? PrefixLists(string id) => id == "pl-s3" ? ["52.216.0.0/15", "3.5.0.0/19"] : null;

    [Theory]
    [InlineData("subnet-a", "10.0.5.20", "rtb-private", false, "local", "Local")]
    [InlineData("subnet-a", "10.20.1.1", "rtb-private", false, "pcx-0123", "VpcPeering")]
    [InlineData("subnet-a", "10.30.1.1", "rtb-private", false, "tgw-0123", "TransitGateway")]
    [InlineData("subnet-a", "10.30.9.5", "rtb-private", false, "vgw-0123", "VirtualPrivateGateway")]
    [InlineData("subnet-a", "172.20.0.1", "rtb-private", false, "vgw-0456", "VirtualPrivateGateway")]
    [InlineData("subnet-a", "52.217.1.1", "rtb-private", false, "vpce-0s3", "GatewayEndpoint")]
    [InlineData("subnet-a", "203.0.113.9", "rtb-private", false, "nat-0123", "NatGateway")]
    [InlineData("subnet-a", "2001:db8::5", "rtb-private", false, "local", "Local")]
    [InlineData("subnet-a", "2001:db9::5", "rtb-private", false, "eigw-0123", "EgressOnlyInternetGateway")]
    [InlineData("subnet-b", "10.0.5.20", "rtb-main", true, "local", "Local")]
    [InlineData("subnet-b", "203.0.113.9", "rtb-main", true, "igw-0123", "InternetGateway")]
    public void Lookup_WhenAddressGiven_TakesTheLongestMatchInTheTableInEffect(
        string subnet, string address, string table, bool viaMain, string target, string kind)
    {
        var lookup = RouteEvaluator.Lookup([Main, Private], subnet, Vpc, IpCidr.Parse(address), PrefixLists);

        Assert.Equal(table, lookup.Table?.RouteTableId);
        Assert.Equal(viaMain, lookup.ViaMainTable);
        Assert.Equal(target, lookup.Route?.TargetId);
        Assert.Equal(kind, lookup.Route?.Kind.ToString());
    }

    [Fact]
    public void Lookup_WhenMostSpecificRouteIsBlackhole_IsNotRouted()
    {
        var lookup = RouteEvaluator.Lookup([Main, Private], "subnet-a", Vpc, IpCidr.Parse("10.30.9.5"), PrefixLists);

        Assert.False(lookup.Routed);
        Assert.Equal("10.30.9.0/24 -> vgw-0123 (blackhole)", lookup.Route!.Describe());
    }

    [Fact]
    public void Lookup_WhenNoRouteCovers_GivesNoRoute()
    {
        var isolated = new RouteTableModel("rtb-isolated", Vpc, false, ["subnet-c"], [new RouteEntry("10.0.0.0/16", null, "local")]);

        var lookup = RouteEvaluator.Lookup([Main, isolated], "subnet-c", Vpc, IpCidr.Parse("10.20.1.1"), PrefixLists);

        Assert.Equal("rtb-isolated", lookup.Table!.RouteTableId);
        Assert.Null(lookup.Route);
        Assert.False(lookup.Routed);
    }

    [Fact]
    public void Lookup_WhenNoTableKnown_GivesNoTable()
    {
        var lookup = RouteEvaluator.Lookup([Private], "subnet-z", "vpc-other", IpCidr.Parse("10.0.0.1"), PrefixLists);

        Assert.Null(lookup.Table);
        Assert.True(lookup.ViaMainTable);
    }

    [Theory]
    [InlineData("i-0123", "NatInstance")]
    [InlineData("eni-0123", "NetworkInterface")]
    [InlineData("cagw-0123", "Other")]
    public void Kind_WhenTargetIdGiven_ReadsItsPrefix(string target, string kind) =>
        Assert.Equal(kind, new RouteEntry("0.0.0.0/0", null, target).Kind.ToString());
}
