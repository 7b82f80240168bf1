using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Registry;
using static PreflightCheck.Tests.Rules.Registry.RegistryFactsBuilder;

namespace PreflightCheck.Tests.Rules.Registry;

public partial class RegistryRulesTests
{
    [Covers("PFC-REG-008", Outcome.Fail)]
    [Fact]
    public void Anonymous_WhenServed_Fails()
    {
        var image = ImageOf() with { Anonymous = new AnonymousPullFacts(CollectionStatus.Ok, 200, true) };
        Assert.Equal(Outcome.Fail, Single(new AnonymousPullRule(), Snapshot(registry: RegistryOf(image))).Outcome);
    }

    [Covers("PFC-REG-008", Outcome.Unknown)]
    [Fact]
    public void Anonymous_WhenProbeFailed_IsUnknown()
    {
        var image = ImageOf() with { Anonymous = new AnonymousPullFacts(CollectionStatus.Timeout, null, false, "timed out") };
        Assert.Equal(Outcome.Unknown, Single(new AnonymousPullRule(), Snapshot(registry: RegistryOf(image))).Outcome);
    }

    [Covers("PFC-REG-008", Outcome.Pass)]
    [Fact]
    public void Anonymous_WhenRefused_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new AnonymousPullRule(), Snapshot(registry: RegistryOf(ImageOf()))).Outcome);
}
