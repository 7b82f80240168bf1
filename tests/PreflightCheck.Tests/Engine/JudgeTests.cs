using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Reports;
using PreflightCheck.Core.Rules;
using PreflightCheck.Inputs.Config;
using PreflightCheck.Rules;
using static PreflightCheck.Tests.PlanBuilder;

namespace PreflightCheck.Tests.Engine;

public sealed class JudgeTests
{
    private static Judge Judge() => new(BuiltInRules.CreateEngine(), new ToolInfo("preflight", "test"));

    [Fact]
    public void Run_WhenAModelServesTwoEndpoints_NamesEachEndpointOnTheResultsItsRuleLeftUnnamed()
    {
        // What `scan --endpoints` reads when two endpoints use one model: the model once per endpoint.
        var plan = new DeploymentPlan("sagemaker", "us-east-1", [
            Model(name: "ranker") with { Endpoint = "ranker-blue" },
            Model(name: "ranker") with { Endpoint = "ranker-green" },
        ]);

        var report = Judge().Run(FactsSnapshot.ForPlan(plan, Now), new RuleSelection(["PFC-CFG-003"], offline: true));

        Assert.Equal(["ranker-blue", "ranker-green"], report.Results.Select(r => r.Endpoint));
        Assert.Equal(["ranker-blue", "ranker-green"], report.Plans.Select(p => p.Endpoint));
    }

    [Fact]
    public void Run_WhenTheImageIsUnresolvedAndTheConfigLowersItsLevel_ReportsUnknownAtTheConfiguredLevel()
    {
        var unresolved = new UnresolvedValue("container ModelContainer: Image", "!Ref ImageUri", new SourceLocation("stack.yaml", 9, 18));
        var model = Model([Container("registry.example.com/team/ranker:1.4.2")], name: "ranker") with { Resource = "RankerModel", Unresolved = [unresolved] };
        var config = ConfigFile.Parse("levels:\n  PFC-IMG-002: warning\n", "cfg.yml", BuiltInRules.Catalog);

        var report = Judge().Run(Facts(model), new RuleSelection(["PFC-IMG-002"], offline: true), config);

        var result = Assert.Single(report.Results);
        Assert.Equal(Outcome.Unknown, result.Outcome);
        Assert.StartsWith("container ModelContainer: Image could not be resolved statically (!Ref ImageUri at stack.yaml:9:18)", result.Message, StringComparison.Ordinal);
        Assert.Equal(Level.Warning, result.Level);
        Assert.Equal(Level.Warning, Assert.Single(report.RulesEvaluated).Level);
        Assert.Equal("RankerModel", Assert.Single(report.Plans).Resource);
    }

    [Fact]
    public void Run_WithoutConfig_KeepsTheCatalogueLevelAndFailsATagOnlyImage()
    {
        var report = Judge().Run(Facts(Model([Container("registry.example.com/team/ranker:1.4.2")])), new RuleSelection(["PFC-IMG-002"], offline: true));

        var result = Assert.Single(report.Results);
        Assert.Equal(Outcome.Fail, result.Outcome);
        Assert.Equal(Level.Error, result.Level);
        Assert.Equal(Now, report.GeneratedAt);
    }
}
