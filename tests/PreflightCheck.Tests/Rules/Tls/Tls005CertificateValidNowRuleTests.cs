using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Tls;
using static PreflightCheck.Tests.Rules.Registry.RegistryFactsBuilder;

namespace PreflightCheck.Tests.Rules.Tls;

public partial class TlsRulesTests
{
    [Covers("PFC-TLS-005", Outcome.Fail)]
    [Fact]
    public void ValidNow_WhenIntermediateExpired_Fails()
    {
        var endpoint = Endpoint([Cert("leaf", "i", dns: [Host]), Cert("i", "r", ca: true, days: -1)]);
        var finding = Judge(new CertificateValidNowRule(), endpoint);
        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("CN=i", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-TLS-005", Outcome.Fail)]
    [Fact]
    public void ValidNow_WhenNotYetValid_Fails()
    {
        var leaf = Cert("leaf", "i") with { NotBefore = Now.AddHours(1) };
        Assert.Equal(Outcome.Fail, Judge(new CertificateValidNowRule(), Endpoint([leaf])).Outcome);
    }

    [Covers("PFC-TLS-005", Outcome.Pass)]
    [Fact]
    public void ValidNow_WhenEveryCertificateIsInItsPeriod_Passes() =>
        Assert.Equal(Outcome.Pass, Judge(new CertificateValidNowRule(), Endpoint()).Outcome);
}
