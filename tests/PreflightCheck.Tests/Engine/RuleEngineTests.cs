using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Reports;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules;
using static PreflightCheck.Tests.PlanBuilder;

namespace PreflightCheck.Tests.Engine;

public sealed class RuleEngineTests
{
    private static RuleMetadata Meta(string id, Level level = Level.Error, string kind = "static") =>
        new(id, id.ToLowerInvariant(), "title", level, id.Split('-')[1], kind, [], "s", "w", "h", "e", "l", "md");

    private sealed class Fixed(string id, Outcome outcome, FactNeeds needs = FactNeeds.None, params string[] targets) : Rule
    {
        public override string Id => id;

        public override FactNeeds Needs => needs;

        public override IEnumerable<Finding> Evaluate(RuleContext context) =>
            (targets.Length == 0 ? ["t"] : targets).Select(t => new Finding(outcome, "m", t, $"{id} {outcome}"));
    }

    private sealed class Throws(string id) : Rule
    {
        public override string Id => id;

        public override IEnumerable<Finding> Evaluate(RuleContext context) => throw new InvalidOperationException("boom");
    }

    private static RuleEngine Engine(params Rule[] rules) => new(rules, new RuleCatalog(rules.Select(r => Meta(r.Id, kind: r.IsStatic ? "static" : "live"))));

    private static Report Run(RuleEngine engine, RuleSelection? selection = null) =>
        new Judge(engine, new ToolInfo("preflight", "1")).Run(Facts(Model()), selection ?? RuleSelection.All);

    private sealed class PerModel(string id) : Rule
    {
        public override string Id => id;

        public override IEnumerable<Finding> Evaluate(RuleContext context) =>
            context.Facts.Plan.Models.Select(m => new Finding(Outcome.Pass, m.Name, "model " + m.Name, m.Containers[0].Image!.Value));
    }

    [Fact]
    public void Evaluate_WhenTwoTemplateResourcesShareAModelName_JudgesEachAndNamesItsResource()
    {
        var blue = Model() with { Name = "ranker", Resource = "BlueModel" };
        var green = Model() with { Name = "ranker", Resource = "GreenModel", Containers = [Model().Containers[0] with { Image = new("reg.example.com/team/ranker:2", null) }] };
        var other = Model() with { Name = "embedder", Resource = "EmbedderModel" };
        var facts = FactsSnapshot.ForPlan(new DeploymentPlan("stack.yaml", "us-east-1", [blue, green, other]), Now);

        var (_, results) = Engine(new PerModel("PFC-CFG-001")).Evaluate(facts, RuleSelection.All, RuleSettings.Default);

        Assert.Equal(
            [("embedder", "EmbedderModel", other.Containers[0].Image!.Value), ("ranker", "BlueModel", blue.Containers[0].Image!.Value), ("ranker", "GreenModel", "reg.example.com/team/ranker:2")],
            results.Select(r => (r.Model, r.Resource!, r.Message)));
    }

    [Fact]
    public void Evaluate_WhenPlanHasNoResources_LeavesResourceUnset()
    {
        var (_, results) = Engine(new PerModel("PFC-CFG-001")).Evaluate(Facts(Model()), RuleSelection.All, RuleSettings.Default);

        Assert.Null(Assert.Single(results).Resource);
    }

    [Fact]
    public void Evaluate_WhenARuleThrows_GivesErrorOutcomeAndRunsTheRest()
    {
        var report = Run(Engine(new Throws("PFC-CFG-001"), new Fixed("PFC-CFG-002", Outcome.Pass)));

        Assert.Equal([Outcome.Error, Outcome.Pass], report.Results.Select(r => r.Outcome));
        Assert.Contains("InvalidOperationException: boom", report.Results[0].Message, StringComparison.Ordinal);
        Assert.Equal(1, report.Summary.Error);
    }

    [Fact]
    public void Evaluate_Always_OrdersByRuleIdThenTarget()
    {
        var report = Run(Engine(new Fixed("PFC-IMG-002", Outcome.Pass, FactNeeds.None, "b", "a"), new Fixed("PFC-CFG-001", Outcome.Fail)));

        Assert.Equal(["PFC-CFG-001/t", "PFC-IMG-002/a", "PFC-IMG-002/b"], report.Results.Select(r => $"{r.RuleId}/{r.Target}"));
    }

    [Theory]
    [InlineData("NET", "PFC-NET-001")]
    [InlineData("PFC-TLS-*", "PFC-TLS-002")]
    [InlineData("pfc-cfg-001", "PFC-CFG-001")]
    public void Select_WhenPatternGiven_RunsOnlyMatchingRules(string pattern, string expected)
    {
        var engine = Engine(new Fixed("PFC-CFG-001", Outcome.Pass), new Fixed("PFC-NET-001", Outcome.Pass, FactNeeds.Ec2), new Fixed("PFC-TLS-002", Outcome.Pass, FactNeeds.Tls));

        var selected = engine.Select(new RuleSelection([pattern]));

        Assert.Equal([expected], selected.Select(r => r.Id));
    }

    [Fact]
    public void Select_WhenOffline_DropsLiveRules()
    {
        var engine = Engine(new Fixed("PFC-CFG-001", Outcome.Pass), new Fixed("PFC-NET-001", Outcome.Pass, FactNeeds.Ec2));

        Assert.Equal(["PFC-CFG-001"], engine.Select(new RuleSelection(offline: true)).Select(r => r.Id));
    }

    [Fact]
    public void Select_WhenSkipped_DropsThem()
    {
        var engine = Engine(new Fixed("PFC-CFG-001", Outcome.Pass), new Fixed("PFC-REG-001", Outcome.Pass, FactNeeds.Registry), new Fixed("PFC-TLS-001", Outcome.Pass, FactNeeds.Tls));

        Assert.Equal(["PFC-CFG-001"], engine.Select(new RuleSelection(exclude: ["REG", "TLS"])).Select(r => r.Id));
    }

    [Theory]
    [InlineData("Fail", "Error", "Error", false, 1)]
    [InlineData("Fail", "Warning", "Error", false, 0)]
    [InlineData("Fail", "Warning", "Warning", false, 1)]
    [InlineData("Fail", "Note", "Note", false, 1)]
    [InlineData("Fail", "Error", "Never", false, 0)]
    [InlineData("Unknown", "Error", "Error", false, 3)]
    [InlineData("Unknown", "Error", "Error", true, 0)]
    [InlineData("Error", "Error", "Error", false, 3)]
    [InlineData("Unknown", "Warning", "Error", false, 0)]
    [InlineData("Unknown", "Warning", "Warning", false, 3)]
    [InlineData("Unknown", "Error", "Never", false, 0)]
    [InlineData("Pass", "Error", "Note", false, 0)]
    public void ExitCode_ForOutcomeAndThreshold_FollowsTheContract(string outcomeName, string levelName, string failOnName, bool allowUnknown, int expected)
    {
        var (outcome, level, failOn) = (Enum.Parse<Outcome>(outcomeName), Enum.Parse<Level>(levelName), Enum.Parse<FailOn>(failOnName));
        var rule = new Fixed("PFC-CFG-001", outcome);
        var engine = new RuleEngine([rule], new RuleCatalog([Meta("PFC-CFG-001", level)]));

        Assert.Equal(expected, ExitCodes.For(Run(engine), failOn, allowUnknown));
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 1)]
    public void ExitCode_WhenAFailureAndAnUnknownMeetTheThreshold_TheFailureWins(bool allowUnknown, int expected)
    {
        var report = Run(Engine(new Fixed("PFC-CFG-001", Outcome.Unknown), new Fixed("PFC-CFG-002", Outcome.Fail)));

        Assert.Equal(expected, ExitCodes.For(report, FailOn.Error, allowUnknown));
    }

    [Fact]
    public void ExitCode_WhenFailureIsSuppressed_IgnoresIt()
    {
        var report = Run(Engine(new Fixed("PFC-CFG-001", Outcome.Fail)));
        var suppressed = report with { Results = report.Results.Select(r => r with { Suppression = new Suppression("accepted", null, ".preflight.yml") }).ToArray() };

        Assert.Equal(0, ExitCodes.For(suppressed, FailOn.Error, false));
        Assert.Equal(1, suppressed.Summary.Suppressed);
    }

    [Fact]
    public void BuiltInRules_EveryRuleClass_HasItsDocumentAndAUniqueId()
    {
        var ids = BuiltInRules.All.Select(r => r.Id).ToArray();

        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.True(BuiltInRules.Catalog.TryGet(id, out _), $"{id} has no rules/{id}.md"));
    }

    [Fact]
    public void BuiltInRules_StaticKindInDocs_MatchesRulesThatNeedNoFacts()
    {
        Assert.All(BuiltInRules.All, rule =>
            Assert.Equal(rule.IsStatic ? "static" : "live", BuiltInRules.Catalog[rule.Id].Kind));
    }
}
