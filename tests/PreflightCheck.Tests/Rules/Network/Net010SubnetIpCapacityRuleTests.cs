using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Network;

public partial class SubnetRulesTests
{
    [Covers("PFC-NET-010", Outcome.Fail)]
    [Fact]
    public void SubnetIpCapacity_WhenFewerThanTwoFreeAddressesPerInstance_Warns()
    {
        var model = Model() with { Variants = [new Core.Plan.VariantPlan("AllTraffic", "vpc-model", null, 200, null)] };

        var finding = Single(new SubnetIpCapacityRule(), Good(), model);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal("350", finding.Evidence!["freeAddresses"]);
        Assert.Contains("fewer than 400", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-NET-010", Outcome.NotApplicable)]
    [Fact]
    public void SubnetIpCapacity_WhenNoInstanceCounts_DoesNotApply()
    {
        var model = Model() with { Variants = [] };

        Assert.Equal(Outcome.NotApplicable, Single(new SubnetIpCapacityRule(), Good(), model).Outcome);
    }

    [Covers("PFC-NET-010", Outcome.Pass)]
    [Fact]
    public void SubnetIpCapacity_WhenTwoFreeAddressesPerInstance_Passes()
    {
        var model = Model() with { Variants = [new Core.Plan.VariantPlan("AllTraffic", "vpc-model", null, 2, null)] };

        Assert.Equal(Outcome.Pass, Single(new SubnetIpCapacityRule(), Good(), model).Outcome);
    }
}
