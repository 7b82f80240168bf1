using System.Reflection;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules;
using PreflightCheck.Tests.Reporting;

namespace PreflightCheck.Tests.Rules;

/// <summary>
/// The catalogue is discovered, never listed: rules/*.md, the rule classes and the embedded documents must agree, each
/// rule lives in a file named after its id, and each has a test file named after it with a pass and a fail test.
/// </summary>
public sealed class RuleCoverageTests
{
    // Rules that cannot reach an outcome, with the reason why.
    private static readonly Dictionary<(string Id, Outcome Outcome), string> Exempt = new()
    {
        [("PFC-REG-009", Outcome.Fail)] = "an image without ENTRYPOINT may still have `serve` on PATH, which only the layers show: unknown, never fail",
    };

    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var rule in BuiltInRules.All)
        {
            data.Add(rule.Id);
        }

        return data;
    }

    [Fact]
    public void RuleClasses_WhenDiscovered_HaveTheIdsOfTheRulesFolder()
    {
        var classes = BuiltInRules.All.Select(r => r.Id).ToArray();
        var documents = Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot(), "rules"), "*.md").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);

        Assert.Equal(classes.Length, classes.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(documents, classes.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void RuleClass_WhenDiscovered_IsStaticExactlyWhenItsDocumentSaysSo(string id)
    {
        var rule = BuiltInRules.All.Single(r => r.Id == id);

        Assert.Equal(BuiltInRules.Catalog[id].Kind == "static", rule.IsStatic);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void RuleClass_WhenDiscovered_LivesInAFileNamedAfterItsId(string id)
    {
        var file = FileName(id, "");

        Assert.Single(Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot(), "src", "PreflightCheck.Rules"), file, SearchOption.AllDirectories));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void RuleTests_WhenListed_HaveOneFileNamedAfterTheRule(string id)
    {
        var file = FileName(id, "Tests");

        Assert.Single(Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot(), "tests", "PreflightCheck.Tests"), file, SearchOption.AllDirectories));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void RuleTests_WhenListed_AssertAPassAndAFail(string id)
    {
        var claimed = Covering().Where(c => c.Covers.RuleId == id).SelectMany(c => c.Covers.Outcomes).ToHashSet();

        Assert.All(
            new[] { Outcome.Pass, Outcome.Fail }.Where(o => !Exempt.ContainsKey((id, o))),
            o => Assert.True(claimed.Contains(o), $"{id} has no test marked [Covers(\"{id}\", Outcome.{o})]"));
    }

    [Fact]
    public void CoversAttributes_WhenListed_NameCataloguedRulesOnTests()
    {
        var ids = BuiltInRules.All.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);

        Assert.All(Covering(), c =>
        {
            Assert.Contains(c.Covers.RuleId, ids);
            Assert.NotNull(c.Method.GetCustomAttribute<FactAttribute>());
        });
        Assert.All(Exempt, e => Assert.Contains(e.Key.Id, ids));
    }

    private static IEnumerable<(MethodInfo Method, CoversAttribute Covers)> Covering() =>
        typeof(RuleCoverageTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.DeclaredOnly))
            .SelectMany(m => m.GetCustomAttributes<CoversAttribute>().Select(c => (m, c)));

    // PFC-LMB-006 implemented by FunctionExistsRule lives in Lmb006FunctionExistsRule.cs, tested in Lmb006FunctionExistsRuleTests.cs.
    private static string FileName(string id, string suffix)
    {
        var parts = id.Split('-');
        var type = BuiltInRules.All.Single(r => r.Id == id).GetType().Name;
        return $"{parts[1][0]}{parts[1][1..].ToLowerInvariant()}{parts[2]}{type}{suffix}.cs";
    }
}
