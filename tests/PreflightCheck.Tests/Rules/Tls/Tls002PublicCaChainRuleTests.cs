using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Tls;
using static PreflightCheck.Tests.Rules.Registry.RegistryFactsBuilder;

namespace PreflightCheck.Tests.Rules.Tls;

public partial class TlsRulesTests
{
    [Covers("PFC-TLS-002", Outcome.Fail)]
    [Fact]
    public void PublicCa_WhenSelfSigned_FailsNamingIt()
    {
        var endpoint = Endpoint([Cert("registry", "registry", dns: [Host])], new TlsChainVerdict(false, ["UntrustedRoot"], true, null, "mozilla"));
        var finding = Judge(new PublicCaChainRule(), endpoint);
        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("self-signed", finding.Message, StringComparison.Ordinal);
        Assert.Equal("UntrustedRoot", finding.Evidence!["chainStatus"]);
    }

    [Covers("PFC-TLS-002", Outcome.Unknown)]
    [Fact]
    public void PublicCa_WhenNotVerified_IsUnknown() =>
        Assert.Equal(Outcome.Unknown, Judge(new PublicCaChainRule(), Endpoint() with { Verdict = null }).Outcome);

    [Covers("PFC-TLS-002", Outcome.Pass)]
    [Fact]
    public void PublicCa_WhenChainEndsInAPublicRoot_Passes() =>
        Assert.Equal(Outcome.Pass, Judge(new PublicCaChainRule(), Endpoint()).Outcome);
}
