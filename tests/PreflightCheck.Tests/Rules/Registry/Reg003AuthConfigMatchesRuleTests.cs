using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Registry;
using static PreflightCheck.Tests.Rules.Registry.RegistryFactsBuilder;

namespace PreflightCheck.Tests.Rules.Registry;

public partial class RegistryRulesTests
{
    [Covers("PFC-REG-003", Outcome.Fail)]
    [Fact]
    public void AuthConfig_WhenRegistryDemandsCredentialsAndNoConfig_Fails()
    {
        var facts = Snapshot(Model(Container(withAuthConfig: false), "ml.m5.large"));
        var finding = Single(new AuthConfigMatchesRule(), facts);
        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("RepositoryAuthConfig", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-REG-003", Outcome.Pass)]
    [Fact]
    public void AuthConfig_WhenAnonymousRegistryWithConfig_PassesWithNote()
    {
        var image = ImageOf() with { Anonymous = new AnonymousPullFacts(CollectionStatus.Ok, 200, true) };
        var finding = Single(new AuthConfigMatchesRule(), Snapshot(registry: RegistryOf(image, Api(200))));
        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains("not needed", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-REG-003", Outcome.Unknown)]
    [Fact]
    public void AuthConfig_WhenRegistryUnreachable_IsUnknown()
    {
        var api = new RegistryApiProbe(CollectionStatus.Unreachable, "https", null, null, null, null, "connection refused");
        Assert.Equal(Outcome.Unknown, Single(new AuthConfigMatchesRule(), Snapshot(registry: RegistryOf(api: api))).Outcome);
    }
}
