using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Tls;
using static PreflightCheck.Tests.Rules.Registry.RegistryFactsBuilder;

namespace PreflightCheck.Tests.Rules.Tls;

public class TlsRulesTests
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
    public void HttpsOnly_WhenPlainHttp_FailsAndOtherTlsRulesAreNotApplicable()
    {
        var endpoint = Endpoint() with { SpeaksTls = false, NegotiatedProtocol = null, Chain = [], Verdict = null };
        Assert.Equal(Outcome.Fail, Judge(new HttpsOnlyRule(), endpoint).Outcome);
        Assert.All(Rules().Skip(1), r => Assert.Equal(Outcome.NotApplicable, Judge(r, endpoint).Outcome));
    }

    [Fact]
    public void PublicCa_WhenSelfSigned_FailsNamingIt()
    {
        var endpoint = Endpoint([Cert("registry", "registry", dns: [Host])], new TlsChainVerdict(false, ["UntrustedRoot"], true, null, "mozilla"));
        var finding = Judge(new PublicCaChainRule(), endpoint);
        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("self-signed", finding.Message, StringComparison.Ordinal);
        Assert.Equal("UntrustedRoot", finding.Evidence!["chainStatus"]);
    }

    [Fact]
    public void PublicCa_WhenNotVerified_IsUnknown() =>
        Assert.Equal(Outcome.Unknown, Judge(new PublicCaChainRule(), Endpoint() with { Verdict = null }).Outcome);

    [Fact]
    public void ChainComplete_WhenIntermediateMissing_FailsNamingIssuer()
    {
        var endpoint = Endpoint([Cert("leaf", "Intermediate", dns: [Host])], new TlsChainVerdict(false, ["PartialChain"], false, "CN=Intermediate", "mozilla"));
        var finding = Judge(new ChainCompleteRule(), endpoint);
        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("CN=Intermediate", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChainComplete_WhenIssuerOfCaUnknown_IsUnknown()
    {
        var endpoint = Endpoint(verdict: new TlsChainVerdict(false, ["PartialChain"], null, "CN=Private Root", "mozilla"));
        Assert.Equal(Outcome.Unknown, Judge(new ChainCompleteRule(), endpoint).Outcome);
    }

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

    [Fact]
    public void Hostname_ForIpHost_MatchesIpSan()
    {
        var leaf = Cert("leaf", "i") with { IpAddresses = ["127.0.0.1"] };
        var endpoint = Endpoint([leaf]) with { Host = "127.0.0.1" };
        Assert.Equal(Outcome.Pass, Judge(new HostnameMatchRule(), endpoint).Outcome);
        Assert.Equal(Outcome.Fail, Judge(new HostnameMatchRule(), endpoint with { Chain = [leaf with { IpAddresses = ["127.0.0.2"] }] }).Outcome);
    }

    [Fact]
    public void ValidNow_WhenIntermediateExpired_Fails()
    {
        var endpoint = Endpoint([Cert("leaf", "i", dns: [Host]), Cert("i", "r", ca: true, days: -1)]);
        var finding = Judge(new CertificateValidNowRule(), endpoint);
        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("CN=i", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidNow_WhenNotYetValid_Fails()
    {
        var leaf = Cert("leaf", "i") with { NotBefore = Now.AddHours(1) };
        Assert.Equal(Outcome.Fail, Judge(new CertificateValidNowRule(), Endpoint([leaf])).Outcome);
    }

    [Theory]
    [InlineData(10, 30, Outcome.Fail)]
    [InlineData(40, 30, Outcome.Pass)]
    [InlineData(40, 60, Outcome.Fail)]
    [InlineData(-2, 30, Outcome.Fail)]
    public void ExpirySoon_ByDaysLeft_UsesSetting(int daysLeft, int warningDays, object expectedValue)
    {
        var expected = (Outcome)expectedValue;
        var endpoint = Endpoint([Cert("leaf", "i", days: daysLeft, dns: [Host])]);
        var finding = Judge(new CertificateExpirySoonRule(), endpoint, new RuleSettings(warningDays));
        Assert.Equal(expected, finding.Outcome);
        Assert.Equal(warningDays.ToString(System.Globalization.CultureInfo.InvariantCulture), finding.Evidence!["warningDays"]);
    }

    [Theory]
    [InlineData("Tls13", LegacyProtocolResult.Refused, LegacyProtocolResult.Refused, Outcome.Pass)]
    [InlineData("Tls12", LegacyProtocolResult.Refused, LegacyProtocolResult.Accepted, Outcome.Fail)]
    [InlineData("Tls11", LegacyProtocolResult.Accepted, LegacyProtocolResult.Accepted, Outcome.Fail)]
    [InlineData("Tls13", LegacyProtocolResult.CouldNotTest, LegacyProtocolResult.CouldNotTest, Outcome.Unknown)]
    public void ProtocolVersion_ByProbe_JudgesHonestly(string negotiated, object tls10Value, object tls11Value, object expectedValue)
    {
        var expected = (Outcome)expectedValue;
        var tls10 = (LegacyProtocolResult)tls10Value;
        var tls11 = (LegacyProtocolResult)tls11Value;
        var endpoint = Endpoint() with { NegotiatedProtocol = negotiated, Tls10 = tls10, Tls11 = tls11 };
        Assert.Equal(expected, Judge(new TlsProtocolVersionRule(), endpoint).Outcome);
    }

    [Theory]
    [InlineData("RSA", 1024, "sha256RSA", false, Outcome.Fail)]
    [InlineData("EC", 256, "sha256ECDSA", false, Outcome.Pass)]
    [InlineData("EC", 224, "sha256ECDSA", false, Outcome.Fail)]
    [InlineData("RSA", 2048, "sha1RSA", false, Outcome.Fail)]
    [InlineData("RSA", 4096, "sha1RSA", true, Outcome.Pass)]
    public void Strength_ByKeyAndSignature_FlagsWeakOnesBelowRoot(string key, int size, string sig, bool selfSigned, object expectedValue)
    {
        var expected = (Outcome)expectedValue;
        var cert = Cert(selfSigned ? "root" : "leaf", selfSigned ? "root" : "i", key: key, size: size, sig: sig, dns: [Host]);
        Assert.Equal(expected, Judge(new KeyAndSignatureStrengthRule(), Endpoint([cert])).Outcome);
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
