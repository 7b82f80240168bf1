using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Tls;
using static PreflightCheck.Tests.Rules.Registry.RegistryFactsBuilder;

namespace PreflightCheck.Tests.Rules.Tls;

public partial class TlsRulesTests
{
    private static TlsCertificateFacts Cert(string subject, string issuer, bool ca = false, int days = 200, string key = "RSA", int size = 2048, string sig = "sha256RSA", params string[] dns) =>
        new($"CN={subject}", $"CN={issuer}", "01AB", Now.AddDays(-10), Now.AddDays(days), key, size, sig, dns, [], new string('A', 64), ca, subject == issuer);

    private static TlsEndpointFacts Endpoint(IReadOnlyList<TlsCertificateFacts>? chain = null, TlsChainVerdict? verdict = null) => new(
        Host,
        5000,
        TlsEndpointRole.Registry,
        CollectionStatus.Ok,
        true,
        "Tls13",
        "TLS_AES_256_GCM_SHA384",
        LegacyProtocolResult.Refused,
        LegacyProtocolResult.Refused,
        chain ?? [Cert("leaf", "Public Intermediate", dns: [Host]), Cert("Public Intermediate", "Public Root", ca: true, days: 2000)],
        verdict ?? new TlsChainVerdict(true, [], true, null, "mozilla", "CN=Public Root"));

    private static Finding Judge(Rule rule, TlsEndpointFacts endpoint, RuleSettings? settings = null) =>
        Single(rule, Snapshot(tls: [endpoint]), settings);

    [Fact]
    public void AllTlsRules_WhenEndpointIsHealthy_Pass()
    {
        foreach (var rule in Rules())
        {
            var finding = Judge(rule, Endpoint());
            Assert.True(finding.Outcome == Outcome.Pass, $"{rule.Id}: {finding.Outcome} {finding.Message}");
            Assert.Equal($"endpoint https://{Host}:5000", finding.Target);
            Assert.Equal("vpc-model", finding.Model);
            Assert.Equal(ImageLocation, finding.Location);
            Assert.Equal(FactNeeds.Tls, rule.Needs);
        }
    }

    [Fact]
    public void AllTlsRules_WhenCollectorDidNotRun_AreUnknownPerRegistry()
    {
        var facts = Snapshot() with { Collectors = [new Core.Facts.CollectorRun("registry", CollectionStatus.Ok)] };
        foreach (var rule in Rules())
        {
            var finding = Single(rule, facts);
            Assert.Equal(Outcome.Unknown, finding.Outcome);
            Assert.Contains("TLS collector did not run", finding.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AllTlsRules_WhenHandshakeTimedOut_AreUnknown()
    {
        var endpoint = Endpoint() with { Status = CollectionStatus.Timeout, SpeaksTls = null, Chain = [], Verdict = null, Message = "no ServerHello within 10 s" };
        foreach (var rule in Rules())
        {
            var finding = Judge(rule, endpoint);
            Assert.Equal(Outcome.Unknown, finding.Outcome);
            Assert.Contains("no ServerHello within 10 s", finding.Message, StringComparison.Ordinal);
        }

        var causes = Rules().Select(r => Judge(r, endpoint).Cause).Distinct().ToArray();
        Assert.Single(causes);
        Assert.EndsWith("did not complete: Timeout: no ServerHello within 10 s", causes[0], StringComparison.Ordinal);
    }

    [Fact]
    public void TokenRealmEndpoint_IsAttributedToTheModelUsingIt()
    {
        var image = ImageOf() with { Auth = new RegistryAuthResult(PullAccess.Granted, AuthScheme.Bearer, 200, Realm()) };
        var realm = Endpoint() with { Host = "auth.example.com", Port = 5001, Role = TlsEndpointRole.TokenRealm };
        var finding = Single(new HttpsOnlyRule(), Snapshot(registry: RegistryOf(image), tls: [realm]));
        Assert.Equal("endpoint https://auth.example.com:5001", finding.Target);
        Assert.Equal(ImageLocation, finding.Location);
        Assert.Equal("token realm", finding.Evidence!["role"]);
    }

    private static IEnumerable<Rule> Rules() =>
    [
        new HttpsOnlyRule(), new PublicCaChainRule(), new ChainCompleteRule(), new HostnameMatchRule(),
        new CertificateValidNowRule(), new CertificateExpirySoonRule(), new TlsProtocolVersionRule(), new KeyAndSignatureStrengthRule(),
    ];
}
