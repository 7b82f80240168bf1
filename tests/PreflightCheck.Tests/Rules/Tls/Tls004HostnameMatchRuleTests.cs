using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Tls;
using static PreflightCheck.Tests.Rules.Registry.RegistryFactsBuilder;

namespace PreflightCheck.Tests.Rules.Tls;

public partial class TlsRulesTests
{
    [Covers("PFC-TLS-004", Outcome.Pass, Outcome.Fail)]
    [Theory]
    [InlineData("registry.example.com", true)]
    [InlineData("*.example.com", true)]
    [InlineData("REGISTRY.example.com.", true)]
    [InlineData("*.registry.example.com", false)]
    [InlineData("other.example.com", false)]
    [InlineData("*.com", false)]
    public void Hostname_BySan_CoversOnlyTheHost(string san, bool covers)
    {
        var endpoint = Endpoint([Cert("leaf", "Public Intermediate", dns: [san])]);
        Assert.Equal(covers ? Outcome.Pass : Outcome.Fail, Judge(new HostnameMatchRule(), endpoint).Outcome);
    }

    [Covers("PFC-TLS-004", Outcome.Pass, Outcome.Fail)]
    [Fact]
    public void Hostname_ForIpHost_MatchesIpSan()
    {
        var leaf = Cert("leaf", "i") with { IpAddresses = ["127.0.0.1"] };
        var endpoint = Endpoint([leaf]) with { Host = "127.0.0.1" };
        Assert.Equal(Outcome.Pass, Judge(new HostnameMatchRule(), endpoint).Outcome);
        Assert.Equal(Outcome.Fail, Judge(new HostnameMatchRule(), endpoint with { Chain = [leaf with { IpAddresses = ["127.0.0.2"] }] }).Outcome);
    }
}
