using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Tls;
using static PreflightCheck.Tests.Rules.Registry.RegistryFactsBuilder;

namespace PreflightCheck.Tests.Rules.Tls;

public partial class TlsRulesTests
{
    [Covers("PFC-TLS-003", Outcome.Fail)]
    [Fact]
    public void ChainComplete_WhenIntermediateMissing_FailsNamingIssuer()
    {
        var endpoint = Endpoint([Cert("leaf", "Intermediate", dns: [Host])], new TlsChainVerdict(false, ["PartialChain"], false, "CN=Intermediate", "mozilla"));
        var finding = Judge(new ChainCompleteRule(), endpoint);
        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("CN=Intermediate", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-TLS-003", Outcome.Unknown)]
    [Fact]
    public void ChainComplete_WhenIssuerOfCaUnknown_IsUnknown()
    {
        var endpoint = Endpoint(verdict: new TlsChainVerdict(false, ["PartialChain"], null, "CN=Private Root", "mozilla"));
        Assert.Equal(Outcome.Unknown, Judge(new ChainCompleteRule(), endpoint).Outcome);
    }

    [Covers("PFC-TLS-003", Outcome.Pass)]
    [Fact]
    public void ChainComplete_WhenIntermediateIsSent_Passes() =>
        Assert.Equal(Outcome.Pass, Judge(new ChainCompleteRule(), Endpoint()).Outcome);
}
