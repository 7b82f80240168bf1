using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Tls;
using static PreflightCheck.Tests.Rules.Registry.RegistryFactsBuilder;

namespace PreflightCheck.Tests.Rules.Tls;

public partial class TlsRulesTests
{
    [Covers("PFC-TLS-001", Outcome.Fail)]
    [Fact]
    public void HttpsOnly_WhenPlainHttp_FailsAndOtherTlsRulesAreNotApplicable()
    {
        var endpoint = Endpoint() with { SpeaksTls = false, NegotiatedProtocol = null, Chain = [], Verdict = null };
        Assert.Equal(Outcome.Fail, Judge(new HttpsOnlyRule(), endpoint).Outcome);
        Assert.All(Rules().Skip(1), r => Assert.Equal(Outcome.NotApplicable, Judge(r, endpoint).Outcome));
    }

    [Covers("PFC-TLS-001", Outcome.Pass)]
    [Fact]
    public void HttpsOnly_WhenRegistrySpeaksTls_Passes() =>
        Assert.Equal(Outcome.Pass, Judge(new HttpsOnlyRule(), Endpoint()).Outcome);
}
