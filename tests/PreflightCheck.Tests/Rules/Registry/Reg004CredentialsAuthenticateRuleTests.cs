using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Registry;
using static PreflightCheck.Tests.Rules.Registry.RegistryFactsBuilder;

namespace PreflightCheck.Tests.Rules.Registry;

public partial class RegistryRulesTests
{
    [Covers("PFC-REG-004", Outcome.Fail)]
    [Fact]
    public void Credentials_WhenDenied_FailsWithoutSecret()
    {
        var image = ImageOf() with { Auth = new RegistryAuthResult(PullAccess.Denied, AuthScheme.Bearer, 401, Realm(), "the token endpoint answered 401") };
        var finding = Single(new CredentialsAuthenticateRule(), Snapshot(registry: RegistryOf(image, Api(401, "Bearer"))));
        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal("present (source Flag, username length 6)", finding.Evidence!["credentials"]);
        Assert.Equal("https://auth.example.com:5001/token", finding.Evidence["tokenRealm"]);
    }

    [Covers("PFC-REG-004", Outcome.Unknown)]
    [Fact]
    public void Credentials_WhenATokenWasIssuedButTheManifestAnswered500_SaysSoNotNotAttempted()
    {
        var image = ImageOf() with
        {
            Auth = new RegistryAuthResult(PullAccess.NotAttempted, AuthScheme.Bearer, 500, Realm() with { TokenField = "token" }),
            Manifest = null,
        };
        var finding = Single(new CredentialsAuthenticateRule(), Snapshot(registry: RegistryOf(image, Api(401, "Bearer"))));
        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("accepted by the token service", finding.Message, StringComparison.Ordinal);
        Assert.Contains("the manifest request answered 500", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("NotAttempted", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-REG-004", Outcome.Unknown)]
    [Fact]
    public void Credentials_WhenNoneGiven_IsUnknownNamingTheFlags()
    {
        var image = ImageOf() with { Credentials = RegistryCredentialsInfo.Absent, Auth = new RegistryAuthResult(PullAccess.NotAttempted, AuthScheme.None, null, null) };
        var finding = Single(new CredentialsAuthenticateRule(), Snapshot(registry: RegistryOf(image)));
        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("--registry-password-stdin", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-REG-004", Outcome.Pass)]
    [Fact]
    public void Credentials_WhenAccepted_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new CredentialsAuthenticateRule(), Snapshot(registry: RegistryOf(ImageOf()))).Outcome);
}
