using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Tls;
using static PreflightCheck.Tests.Rules.Registry.RegistryFactsBuilder;

namespace PreflightCheck.Tests.Rules.Tls;

public partial class TlsRulesTests
{
    [Covers("PFC-TLS-007", Outcome.Pass, Outcome.Fail, Outcome.Unknown)]
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
}
