using PreflightCheck.Rules.Network.Reasoning;

namespace PreflightCheck.Tests.Rules.Network;

public class SecurityGroupEvaluatorTests
{
    private const string Vpc = "vpc-0abc1234def567890";
    private const string ModelSg = "sg-0123456789abcdef0";
    private const string OtherModelSg = "sg-0123456789abcdef1";

    private static readonly Peer Model = new([ModelSg, OtherModelSg], Vpc, [IpCidr.Parse("10.0.1.0/24"), IpCidr.Parse("10.0.2.0/24")]);

    private static IReadOnlyList<string>? PrefixLists(string id) => id switch
    {
        "pl-models" => ["10.0.1.0/24", "10.0.2.0/24"],
        "pl-office" => ["192.0.2.0/24"],
        _ => null,
    };

    internal static SgPermission Cidr(string protocol, int? from, int? to, params string[] cidrs) => new(protocol, from, to, cidrs, [], []);

    internal static SgPermission Group(string protocol, int? from, int? to, string group, string? vpc = null, string? pcx = null) =>
        new(protocol, from, to, [], [new GroupReference(group, vpc, pcx)], []);

    internal static SgPermission PrefixList(string protocol, int? from, int? to, string id) => new(protocol, from, to, [], [], [id]);

    private static SecurityGroupModel Registry(params SgPermission[] ingress) => new("sg-0fedcba9876543210", Vpc, ingress, []);

    private static readonly Dictionary<string, (SgPermission[] Rules, Decision Expected)> Ingresses = new()
    {
        ["group reference on the port"] = ([Group("tcp", 443, 443, ModelSg)], Decision.Allowed),
        ["reference to the second model group"] = ([Group("tcp", 443, 443, OtherModelSg)], Decision.Allowed),
        ["group reference, all traffic"] = ([Group("-1", null, null, ModelSg)], Decision.Allowed),
        ["group reference, port range"] = ([Group("6", 400, 500, ModelSg)], Decision.Allowed),
        ["group reference, wrong port"] = ([Group("tcp", 5000, 5000, ModelSg)], Decision.Denied),
        ["group reference, udp"] = ([Group("udp", 443, 443, ModelSg)], Decision.Denied),
        ["group reference, icmp"] = ([Group("icmp", -1, -1, ModelSg)], Decision.Denied),
        ["another group"] = ([Group("tcp", 443, 443, "sg-0aaaabbbbccccdddd")], Decision.Denied),
        ["group reference from another VPC without peering"] = ([Group("tcp", 443, 443, ModelSg, "vpc-0other000000000000")], Decision.Denied),
        ["group reference across a peering"] = ([Group("tcp", 443, 443, ModelSg, "vpc-0other000000000000", "pcx-0123")], Decision.Allowed),
        ["VPC CIDR covers both subnets"] = ([Cidr("tcp", 443, 443, "10.0.0.0/16")], Decision.Allowed),
        ["one subnet only"] = ([Cidr("tcp", 443, 443, "10.0.1.0/24")], Decision.Denied),
        ["each subnet by its own rule"] = ([Cidr("tcp", 443, 443, "10.0.1.0/24"), Cidr("tcp", 443, 443, "10.0.2.0/24")], Decision.Allowed),
        ["each subnet, one rule on the wrong port"] = ([Cidr("tcp", 443, 443, "10.0.1.0/24"), Cidr("tcp", 80, 80, "10.0.2.0/24")], Decision.Denied),
        ["halves of a subnet"] = ([Cidr("tcp", 443, 443, "10.0.1.0/25", "10.0.1.128/25", "10.0.2.0/24")], Decision.Allowed),
        ["a single address"] = ([Cidr("tcp", 443, 443, "10.0.1.10/32")], Decision.Denied),
        ["the world"] = ([Cidr("-1", null, null, "0.0.0.0/0")], Decision.Allowed),
        ["IPv6 world only"] = ([Cidr("-1", null, null, "::/0")], Decision.Denied),
        ["office network"] = ([Cidr("tcp", 443, 443, "192.0.2.0/24")], Decision.Denied),
        ["prefix list of the subnets"] = ([PrefixList("tcp", 443, 443, "pl-models")], Decision.Allowed),
        ["prefix list of the office"] = ([PrefixList("tcp", 443, 443, "pl-office")], Decision.Denied),
        ["prefix list that could not be read"] = ([PrefixList("tcp", 443, 443, "pl-unknown")], Decision.Unknown),
        ["unreadable prefix list but a group reference admits"] = ([PrefixList("tcp", 443, 443, "pl-unknown"), Group("tcp", 443, 443, ModelSg)], Decision.Allowed),
        ["no rules"] = ([], Decision.Denied),
    };

    public static TheoryData<string> IngressCases() => new(Ingresses.Keys);

    public static TheoryData<string> EgressCases() => new(Egresses.Keys);

    [Theory]
    [MemberData(nameof(IngressCases))]
    public void Ingress_WhenRegistryGroupHasTheseRules_DecidesForTheModel(string name)
    {
        var (rules, expected) = Ingresses[name];
        var verdict = SecurityGroupEvaluator.Ingress([Registry(rules)], Model, 443, PrefixLists);

        Assert.True(expected == verdict.Decision, $"{name}: {verdict.Decision} {verdict.Explain()}");
        if (expected == Decision.Allowed)
        {
            Assert.NotEmpty(verdict.Matches);
        }
    }

    [Fact]
    public void Ingress_WhenTwoGroupsEachAdmitOneSubnet_AllowsAsTheUnion()
    {
        var a = Registry(Cidr("tcp", 443, 443, "10.0.1.0/24"));
        var b = Registry(Cidr("tcp", 443, 443, "10.0.2.0/24")) with { GroupId = "sg-0bbbb" };

        var verdict = SecurityGroupEvaluator.Ingress([a, b], Model, 443, PrefixLists);

        Assert.Equal(Decision.Allowed, verdict.Decision);
        Assert.Equal(["sg-0fedcba9876543210", "sg-0bbbb"], verdict.Matches.Select(m => m.GroupId));
    }

    [Fact]
    public void Ingress_WhenGroupReferenceMatches_ExplainsTheRule()
    {
        var verdict = SecurityGroupEvaluator.Ingress([Registry(Group("tcp", 443, 443, ModelSg))], Model, 443, PrefixLists);

        Assert.Equal("sg-0fedcba9876543210: tcp 443 from sg-0123456789abcdef0", verdict.Explain());
    }

    [Fact]
    public void Ingress_WhenCrossVpcReferenceIsIgnored_ReportsIt()
    {
        var verdict = SecurityGroupEvaluator.Ingress([Registry(Group("tcp", 443, 443, ModelSg, "vpc-0other"))], Model, 443, PrefixLists);

        Assert.Equal(Decision.Denied, verdict.Decision);
        Assert.Single(verdict.CrossVpcReferences);
    }

    private static readonly Dictionary<string, (SgPermission[] Rules, Decision Expected)> Egresses = new()
    {
        ["default all outbound"] = ([Cidr("-1", null, null, "0.0.0.0/0")], Decision.Allowed),
        ["registry /32 on the port"] = ([Cidr("tcp", 443, 443, "10.0.5.20/32")], Decision.Allowed),
        ["registry subnet on a range"] = ([Cidr("tcp", 0, 65535, "10.0.5.0/24")], Decision.Allowed),
        ["registry on another port"] = ([Cidr("tcp", 5000, 5000, "10.0.5.20/32")], Decision.Denied),
        ["neighbour address"] = ([Cidr("tcp", 443, 443, "10.0.5.21/32")], Decision.Denied),
        ["to the registry's group"] = ([Group("tcp", 443, 443, "sg-0fedcba9876543210")], Decision.Allowed),
        ["S3 prefix list only"] = ([PrefixList("tcp", 443, 443, "pl-office")], Decision.Denied),
        ["IPv6 everywhere only"] = ([Cidr("-1", null, null, "::/0")], Decision.Denied),
        ["no outbound rules"] = ([], Decision.Denied),
    };

    [Theory]
    [MemberData(nameof(EgressCases))]
    public void Egress_WhenModelGroupHasTheseRules_DecidesForTheRegistry(string name)
    {
        var (rules, expected) = Egresses[name];
        var model = new SecurityGroupModel(ModelSg, Vpc, [], rules);
        var registry = new Peer(["sg-0fedcba9876543210"], Vpc, [IpCidr.Parse("10.0.5.20")]);

        var verdict = SecurityGroupEvaluator.Egress([model], registry, 443, PrefixLists);

        Assert.True(expected == verdict.Decision, $"{name}: {verdict.Decision} {verdict.Explain()}");
    }

    [Fact]
    public void Egress_WhenOnlySomeEndpointAddressesAllowed_Denies()
    {
        var model = new SecurityGroupModel(ModelSg, Vpc, [], [Cidr("tcp", 443, 443, "10.0.1.50/32")]);
        var endpoint = new Peer(["sg-0endpoint"], Vpc, [IpCidr.Parse("10.0.1.50"), IpCidr.Parse("10.0.2.50")]);

        Assert.Equal(Decision.Denied, SecurityGroupEvaluator.Egress([model], endpoint, 443, PrefixLists).Decision);
    }

    [Theory]
    [InlineData("tcp", 443, 443, "0.0.0.0/0", 443, 1)]
    [InlineData("-1", null, null, "::/0", 443, 1)]
    [InlineData("tcp", 0, 65535, "0.0.0.0/0", 5000, 1)]
    [InlineData("tcp", 80, 80, "0.0.0.0/0", 443, 0)]
    [InlineData("tcp", 443, 443, "10.0.0.0/8", 443, 0)]
    [InlineData("udp", 443, 443, "0.0.0.0/0", 443, 0)]
    public void OpenToWorld_WhenRuleGiven_FindsOnlyWorldRulesOnThePort(string protocol, int? from, int? to, string cidr, int port, int expected) =>
        Assert.Equal(expected, SecurityGroupEvaluator.OpenToWorld([Registry(Cidr(protocol, from, to, cidr))], port).Count);
}
