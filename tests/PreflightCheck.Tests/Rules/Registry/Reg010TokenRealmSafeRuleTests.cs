using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Registry;
using static PreflightCheck.Tests.Rules.Registry.RegistryFactsBuilder;

namespace PreflightCheck.Tests.Rules.Registry;

public partial class RegistryRulesTests
{
    [Covers("PFC-REG-010", Outcome.Pass, Outcome.Fail)]
    [Theory]
    [InlineData("https://auth.example.com/token", true, false, Outcome.Pass)]
    [InlineData("http://auth.example.com/token", false, false, Outcome.Fail)]
    [InlineData("https://169.254.169.254/latest/meta-data", true, true, Outcome.Fail)]
    public void TokenRealm_ByRealm_RefusesUnsafeOnes(string url, bool https, bool linkLocal, object expectedValue)
    {
        var expected = (Outcome)expectedValue;
        var image = ImageOf() with { Auth = new RegistryAuthResult(PullAccess.Granted, AuthScheme.Bearer, 200, Realm(url, https, linkLocal)) };
        var finding = Single(new TokenRealmSafeRule(), Snapshot(registry: RegistryOf(image, Api(401, "Bearer"))));
        Assert.Equal(expected, finding.Outcome);
        Assert.Equal(expected == Outcome.Pass ? "yes" : "no", finding.Evidence!["credentialsSent"]);
    }

    [Covers("PFC-REG-010", Outcome.NotApplicable)]
    [Fact]
    public void TokenRealm_WhenBasicAuth_IsNotApplicable() =>
        Assert.Equal(Outcome.NotApplicable, Single(new TokenRealmSafeRule(), Snapshot()).Outcome);

    [Covers("PFC-REG-010", Outcome.Unknown)]
    [Fact]
    public void TokenRealm_WhenBearerButRealmUnreadable_IsUnknown()
    {
        var api = Api(401, "Bearer") with { Challenge = new RegistryAuthChallenge(AuthScheme.Bearer, "Bearer", null, null, null, "no realm parameter") };
        var finding = Single(new TokenRealmSafeRule(), Snapshot(registry: RegistryOf(api: api)));
        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("no realm parameter", finding.Message, StringComparison.Ordinal);
    }
}
