using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Registry;
using static PreflightCheck.Tests.Rules.Registry.RegistryFactsBuilder;

namespace PreflightCheck.Tests.Rules.Registry;

public partial class RegistryRulesTests
{
    [Covers("PFC-REG-009", Outcome.Unknown)]
    [Fact]
    public void Entrypoint_WhenAbsent_IsUnknownNamingServe()
    {
        var image = ImageOf(Manifest(config: Config(entrypoint: [])));
        var finding = Single(new ImageEntrypointRule(), Snapshot(registry: RegistryOf(image)));
        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("`serve`", finding.Message, StringComparison.Ordinal);
        Assert.Equal("(none)", finding.Evidence!["image.entrypoint"]);
    }

    [Covers("PFC-REG-009", Outcome.Pass)]
    [Fact]
    public void Entrypoint_WhenPresentOnEveryPlatform_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new ImageEntrypointRule(), Snapshot(registry: RegistryOf(ImageOf(Index("amd64", "arm64"))))).Outcome);
}
