using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Network;

public partial class RegistryPathRulesTests
{
    [Covers("PFC-NET-005", Outcome.Pass)]
    [Fact]
    public void RegistryIngress_WhenGroupReferenceAdmitsTheModel_PassesNamingTheRule()
    {
        var finding = Single(new RegistryIngressRule(), Good());

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains($"{RegistrySg}: tcp 443 from {ModelSg}", finding.Message, StringComparison.Ordinal);
        Assert.Equal("eni-0registry", finding.Evidence!["networkInterface"]);
    }

    [Covers("PFC-NET-005", Outcome.Fail)]
    [Fact]
    public void RegistryIngress_WhenOnlyTheOfficeIsAdmitted_Fails()
    {
        var finding = Single(new RegistryIngressRule(), RegistryGroupIngress(Tcp(443, "192.0.2.0/24")));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains($"from the model's security group {ModelSg}", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-NET-005", Outcome.Fail)]
    [Fact]
    public void RegistryIngress_WhenCidrCoversOnlyOneModelSubnet_Fails()
    {
        var finding = Single(new RegistryIngressRule(), RegistryGroupIngress(Tcp(443, "10.0.1.0/24")));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("only part of the model subnets", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-NET-005", Outcome.Pass)]
    [Fact]
    public void RegistryIngress_WhenVpcCidrIsAdmitted_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new RegistryIngressRule(), RegistryGroupIngress(Tcp(443, "10.0.0.0/16"))).Outcome);

    [Covers("PFC-NET-005", Outcome.Fail)]
    [Fact]
    public void RegistryIngress_WhenRegistryListensOnAnotherPort_Fails()
    {
        var model = Model(image: "registry.example.com:5000/team/model@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        var aws = Good() with { RegistryAddresses = [Good().RegistryAddresses[0] with { Port = 5000 }] };

        Assert.Equal(Outcome.Fail, Single(new RegistryIngressRule(), aws, model).Outcome);
    }

    [Covers("PFC-NET-005", Outcome.Unknown)]
    [Fact]
    public void RegistryIngress_WhenNoInterfaceOwnsTheAddress_IsUnknown()
    {
        var aws = Good() with { RegistryAddresses = [Good().RegistryAddresses[0] with { Status = new AwsStatus(CollectionStatus.NotFound), Interfaces = [] }] };

        var finding = Single(new RegistryIngressRule(), aws);

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("no network interface", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-NET-005", Outcome.Unknown)]
    [Fact]
    public void RegistryIngress_WhenInterfaceLookupDenied_IsUnknownNamingTheAction()
    {
        var aws = Good() with { RegistryAddresses = [Good().RegistryAddresses[0] with { Status = Denied("ec2:DescribeNetworkInterfaces"), Interfaces = [] }] };

        var finding = Single(new RegistryIngressRule(), aws);

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("ec2:DescribeNetworkInterfaces", finding.Message, StringComparison.Ordinal);
    }
}
