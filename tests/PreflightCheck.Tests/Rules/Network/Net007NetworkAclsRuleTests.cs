using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Network;

public partial class RegistryTrafficRulesTests
{
    [Covers("PFC-NET-007", Outcome.Fail)]
    [Fact]
    public void NetworkAcls_WhenModelAclDropsReplies_FailsForEachModelSubnet()
    {
        var modelAcl = new NetworkAclFacts("acl-0model", VpcId, false, [Subnet0, Subnet1],
            [Acl(100, true, "6", "10.0.5.0/24", true, 443, 443), Acl(32767, true, "-1", "0.0.0.0/0", false), Acl(32767, false, "-1", "0.0.0.0/0", false)]);
        var registryAcl = new NetworkAclFacts("acl-0default", VpcId, true, [RegistrySubnet], AllowAll);

        var findings = Run(new NetworkAclsRule(), Good().WithAcls(modelAcl, registryAcl));

        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal(Outcome.Fail, f.Outcome));
        Assert.Contains("inbound tcp 1024-65535 from 10.0.5.20/32 (replies)", findings[0].Message, StringComparison.Ordinal);
        Assert.Equal($"subnet {Subnet0} to {Host}:443 ({AwsFactsBuilder.RegistryAddress})", findings[0].Target);
        Assert.Equal(PlanBuilder.At(14, 20), findings[0].Location);
    }

    [Covers("PFC-NET-007", Outcome.Fail)]
    [Fact]
    public void NetworkAcls_WhenRegistryAclDeniesBeforeItsAllow_Fails()
    {
        var registryAcl = new NetworkAclFacts("acl-0registry", VpcId, false, [RegistrySubnet],
            [Acl(90, false, "6", "10.0.0.0/16", false, 443, 443), .. AllowAll]);
        var modelAcl = new NetworkAclFacts("acl-0default", VpcId, true, [Subnet0, Subnet1], AllowAll);

        var findings = Run(new NetworkAclsRule(), Good().WithAcls(modelAcl, registryAcl));

        Assert.All(findings, f => Assert.Equal(Outcome.Fail, f.Outcome));
        Assert.Contains("acl-0registry inbound 90", findings[0].Message, StringComparison.Ordinal);
    }

    [Covers("PFC-NET-007", Outcome.Fail)]
    [Fact]
    public void NetworkAcls_WhenBothSidesShareOneAclThatDropsReplies_NamesItOnce()
    {
        var shared = new NetworkAclFacts("acl-0shared00000001", VpcId, false, [Subnet0, Subnet1, RegistrySubnet],
            [Acl(100, true, "6", "0.0.0.0/0", true, 443, 443), Acl(110, false, "6", "0.0.0.0/0", true, 443, 443), Acl(32767, true, "-1", "0.0.0.0/0", false), Acl(32767, false, "-1", "0.0.0.0/0", false)]);

        var finding = Run(new NetworkAclsRule(), Good().WithAcls(shared))[0];

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal(1, finding.Message.Split("acl-0shared00000001").Length - 1);
        Assert.Contains("(replies)", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-NET-007", Outcome.Pass)]
    [Fact]
    public void NetworkAcls_WhenBothSidesShareOneOpenAcl_PassesNamingItOnce()
    {
        var shared = new NetworkAclFacts("acl-0shared00000001", VpcId, true, [Subnet0, Subnet1, RegistrySubnet], AllowAll);

        var finding = Run(new NetworkAclsRule(), Good().WithAcls(shared))[0];

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.StartsWith("Network ACL acl-0shared00000001 passes", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-NET-007", Outcome.Unknown)]
    [Fact]
    public void NetworkAcls_WhenAclsCannotBeRead_IsUnknownNamingTheAction()
    {
        var aws = Good().WithNetwork(n => n with { NetworkAcls = new AwsItems<NetworkAclFacts>(Denied("ec2:DescribeNetworkAcls"), []) });

        var findings = Run(new NetworkAclsRule(), aws);

        Assert.All(findings, f => Assert.Equal(Outcome.Unknown, f.Outcome));
        Assert.Contains("ec2:DescribeNetworkAcls", findings[0].Message, StringComparison.Ordinal);
    }
}
