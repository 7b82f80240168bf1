using System.Net;
using System.Runtime.CompilerServices;
using PreflightCheck.Collectors.Registry;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Configuration;
using PreflightCheck.Tests.Rules.Registry;
using static PreflightCheck.Tests.PlanBuilder;

namespace PreflightCheck.Tests.Rules;

public partial class ScopeRuleTests
{
    [Covers("PFC-CFG-006", Outcome.Fail)]
    [Fact]
    public void ServerlessPrivateRegistry_WhenServerlessVariantServesAPrivateRegistryModel_Fails()
    {
        var model = Model(variants: [Serverless("AllTraffic")]);

        var finding = Assert.Single(Evaluate(new ServerlessPrivateRegistryRule(), model));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal("variant AllTraffic", finding.Target);
        Assert.Contains("pulls its image from registry.example.com", finding.Message, StringComparison.Ordinal);
        Assert.Contains("has a VpcConfig", finding.Message, StringComparison.Ordinal);
        Assert.Equal(31, finding.Location?.Line);
    }

    [Covers("PFC-CFG-006", Outcome.Fail)]
    [Fact]
    public void ServerlessPrivateRegistry_WhenServerlessModelHasOnlyAVpcConfig_Fails()
    {
        var model = Model([Container(EcrByTag, accessMode: null, provider: null)], variants: [Serverless("AllTraffic")]);

        var finding = Assert.Single(Evaluate(new ServerlessPrivateRegistryRule(), model));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.DoesNotContain("pulls its image", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-CFG-006", Outcome.Pass)]
    [Fact]
    public void ServerlessPrivateRegistry_WhenServerlessModelPullsFromEcrWithoutVpc_Passes()
    {
        var model = Model([Container(EcrByTag, accessMode: null, provider: null)], noVpc: true, variants: [Serverless("AllTraffic")]);

        Assert.Equal(Outcome.Pass, Assert.Single(Evaluate(new ServerlessPrivateRegistryRule(), model)).Outcome);
    }

    [Covers("PFC-CFG-006", Outcome.NotApplicable)]
    [Fact]
    public void ServerlessPrivateRegistry_WhenVariantsRunOnInstances_IsNotApplicable()
    {
        var model = Model(variants: [new VariantPlan("AllTraffic", "vpc-model", L("ml.m5.large"), 1, At(30))]);

        var finding = Assert.Single(Evaluate(new ServerlessPrivateRegistryRule(), model));

        Assert.Equal(Outcome.NotApplicable, finding.Outcome);
        Assert.Equal("model vpc-model", finding.Target);
    }
}
