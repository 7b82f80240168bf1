using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Registry;
using static PreflightCheck.Tests.Rules.Registry.RegistryFactsBuilder;

namespace PreflightCheck.Tests.Rules.Registry;

public partial class RegistryRulesTests
{
    [Covers("PFC-REG-001", Outcome.Fail)]
    [Fact]
    public void Resolves_WhenLookupFindsNothing_Fails()
    {
        var registry = RegistryOf() with { Resolution = new RegistryResolution(CollectionStatus.NotFound, AddressSource.Dns, [], "no such host") };
        var finding = Single(new RegistryResolvesRule(), Snapshot(registry: registry));
        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("--registry-address", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-REG-001", Outcome.Unknown)]
    [Fact]
    public void Resolves_WhenLookupTimesOut_IsUnknown()
    {
        var registry = RegistryOf() with { Resolution = new RegistryResolution(CollectionStatus.Timeout, AddressSource.Dns, [], "DNS timed out") };
        Assert.Equal(Outcome.Unknown, Single(new RegistryResolvesRule(), Snapshot(registry: registry)).Outcome);
    }

    [Covers("PFC-REG-001", Outcome.Pass)]
    [Fact]
    public void Resolves_WhenAddressGiven_PassesNamingTheFlag()
    {
        var registry = RegistryOf() with { Resolution = new RegistryResolution(CollectionStatus.Ok, AddressSource.RegistryAddress, [new ResolvedAddress("10.0.0.5", true)]) };
        var finding = Single(new RegistryResolvesRule(), Snapshot(registry: registry));
        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains("--registry-address", finding.Message, StringComparison.Ordinal);
        Assert.Equal("10.0.0.5 (private)", finding.Evidence!["addresses"]);
    }
}
