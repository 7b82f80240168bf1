using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Registry;
using static PreflightCheck.Tests.Rules.Registry.RegistryFactsBuilder;

namespace PreflightCheck.Tests.Rules.Registry;

public partial class RegistryRulesTests
{
    [Covers("PFC-REG-007", Outcome.Pass, Outcome.Fail)]
    [Theory]
    [InlineData("ml.m5.large", "amd64", Outcome.Pass)]
    [InlineData("ml.g5.xlarge", "amd64", Outcome.Pass)]
    [InlineData("ml.c7g.large", "arm64", Outcome.Pass)]
    [InlineData("ml.c7g.large", "amd64", Outcome.Fail)]
    [InlineData("ml.r6gd.xlarge", "amd64", Outcome.Fail)]
    [InlineData("ml.m5.large", "arm64", Outcome.Fail)]
    public void Platform_SingleArchImage_MatchesInstanceArchitecture(string instanceType, string arch, object expectedValue)
    {
        var expected = (Outcome)expectedValue;
        var facts = Snapshot(Model(null, instanceType), RegistryOf(ImageOf(Manifest(config: Config(arch)))));
        Assert.Equal(expected, Single(new PlatformMatchesInstanceRule(), facts).Outcome);
    }

    [Covers("PFC-REG-007", Outcome.Pass)]
    [Fact]
    public void Platform_IndexWithBothArchitectures_PassesForMixedVariants()
    {
        var facts = Snapshot(Model(null, "ml.m5.large", "ml.m6g.large"), RegistryOf(ImageOf(Index("amd64", "arm64"))));
        var finding = Single(new PlatformMatchesInstanceRule(), facts);
        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Equal("linux/amd64, linux/arm64", finding.Evidence!["platforms"]);
    }

    [Covers("PFC-REG-007", Outcome.Fail)]
    [Fact]
    public void Platform_IndexMissingArm_FailsNamingTheVariant()
    {
        var facts = Snapshot(Model(null, "ml.m5.large", "ml.m6g.large"), RegistryOf(ImageOf(Index("amd64"))));
        var finding = Single(new PlatformMatchesInstanceRule(), facts);
        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("variant2", finding.Message, StringComparison.Ordinal);
        Assert.Contains("linux/arm64", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-REG-007", Outcome.NotApplicable)]
    [Fact]
    public void Platform_WithoutVariants_IsNotApplicable() =>
        Assert.Equal(Outcome.NotApplicable, Single(new PlatformMatchesInstanceRule(), Snapshot(Model(null))).Outcome);

    [Covers("PFC-REG-007", Outcome.Unknown)]
    [Fact]
    public void Platform_WhenConfigNotRead_IsUnknown()
    {
        var config = new ImageConfigFacts(CollectionStatus.Timeout, null, null, null, null, null, null, "blob timed out");
        Assert.Equal(Outcome.Unknown, Single(new PlatformMatchesInstanceRule(), Snapshot(registry: RegistryOf(ImageOf(Manifest(config: config))))).Outcome);
    }
}
