using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Registry;
using static PreflightCheck.Tests.Rules.Registry.RegistryFactsBuilder;
using static PreflightCheck.Tests.Rules.Registry.RunTest.RunTestFactsBuilder;

namespace PreflightCheck.Tests.Rules.Registry.RunTest;

public sealed class Reg014ImageSizeFitsVolumeRuleTests
{
    private static readonly ImageSizeFitsVolumeRule Rule = new();

    private static Core.Facts.RegistryFacts RegistryWithLayers(long bytes) =>
        RegistryOf(ImageOf(Manifest(config: Config() with { LayersSize = bytes })));

    [Covers("PFC-REG-014", Outcome.Pass)]
    [Fact]
    public void Reg014_WhenLayersSmallerThanVolume_Passes()
    {
        var finding = Single(Rule, Snapshot(ModelWithVolume(30), RegistryWithLayers(4_200_000_000)));

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Equal("4200000000", finding.Evidence!["layersBytes"]);
    }

    [Covers("PFC-REG-014", Outcome.Fail)]
    [Fact]
    public void Reg014_WhenLayersLargerThanVolume_FailsNamingTheVariant()
    {
        var finding = Single(Rule, Snapshot(ModelWithVolume(10), RegistryWithLayers(12_000_000_000)));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("AllTraffic (10 GB)", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-REG-014", Outcome.NotApplicable)]
    [Fact]
    public void Reg014_WhenNoVolumeSizeInGB_NotApplicable()
    {
        var finding = Single(Rule, Snapshot(ModelWithVolume(null), RegistryWithLayers(1_000)));

        Assert.Equal(Outcome.NotApplicable, finding.Outcome);
    }

    [Covers("PFC-REG-014", Outcome.Unknown)]
    [Fact]
    public void Reg014_WhenLayerSizesNotRead_Unknown()
    {
        var finding = Single(Rule, Snapshot(ModelWithVolume(10), RegistryOf()));

        Assert.Equal(Outcome.Unknown, finding.Outcome);
    }
}
