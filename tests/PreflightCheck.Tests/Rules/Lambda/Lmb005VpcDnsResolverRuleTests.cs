using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Lambda;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Lambda;

public partial class LambdaEndpointRulesTests
{
    [Covers("PFC-LMB-005", Outcome.Fail)]
    [Fact]
    public void DnsResolver_WhenCustomServers_Warns()
    {
        var aws = Good().WithNetwork(n => n with { Vpcs = [n.Vpcs[0] with { DhcpOptions = new DhcpOptionsFacts("dopt-0corp", AwsStatus.Ok, ["10.0.0.53", "10.0.1.53"]) }] });

        var finding = Single(new VpcDnsResolverRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("10.0.0.53, 10.0.1.53", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-LMB-005", Outcome.Unknown)]
    [Fact]
    public void DnsResolver_WhenDhcpOptionsDenied_IsUnknown()
    {
        var aws = Good().WithNetwork(n => n with { Vpcs = [n.Vpcs[0] with { DhcpOptions = new DhcpOptionsFacts("dopt-0corp", Denied("ec2:DescribeDhcpOptions")) }] });

        Assert.Contains("ec2:DescribeDhcpOptions", Single(new VpcDnsResolverRule(), aws).Message, StringComparison.Ordinal);
    }

    [Covers("PFC-LMB-005", Outcome.Pass)]
    [Fact]
    public void DnsResolver_WhenAmazonProvidedDns_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new VpcDnsResolverRule(), Good()).Outcome);
}
