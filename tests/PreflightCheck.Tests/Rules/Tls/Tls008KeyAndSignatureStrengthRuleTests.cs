using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Tls;
using static PreflightCheck.Tests.Rules.Registry.RegistryFactsBuilder;

namespace PreflightCheck.Tests.Rules.Tls;

public partial class TlsRulesTests
{
    [Covers("PFC-TLS-008", Outcome.Pass, Outcome.Fail)]
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
}
