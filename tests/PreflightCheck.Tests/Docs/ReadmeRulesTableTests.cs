using System.Text;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules;

namespace PreflightCheck.Tests.Docs;

public sealed class ReadmeRulesTableTests
{
    private const string Begin = "<!-- rules:begin -->";
    private const string End = "<!-- rules:end -->";

    internal static string ExpectedTable()
    {
        var table = new StringBuilder()
            .Append("| id | name | level | kind | title |\n")
            .Append("| --- | --- | --- | --- | --- |\n");
        foreach (var rule in BuiltInRules.Catalog.All)
        {
            var level = rule.Level.ToString().ToLowerInvariant() + (rule.IsSecurity ? ", security" : "");
            table.Append($"| {rule.Id} | {rule.Name} | {level} | {rule.Kind} | {rule.Title} |\n");
        }

        return table.ToString();
    }

    [Fact]
    public void Readme_RulesTable_MatchesTheRuleDocuments()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var start = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README.md lacks the rules table markers");

        var actual = readme[(start + Begin.Length)..end].Trim('\n') + "\n";

        Assert.True(ExpectedTable() == actual, "README.md's rules table differs from rules/; replace it with:\n" + ExpectedTable());
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PreflightCheck.sln")))
        {
            directory = directory.Parent;
        }

        return directory!.FullName;
    }
}
