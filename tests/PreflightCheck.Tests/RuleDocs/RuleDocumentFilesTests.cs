using System.Text.RegularExpressions;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules;

namespace PreflightCheck.Tests.RuleDocs;

public sealed partial class RuleDocumentFilesTests
{
    private static readonly Lazy<IReadOnlyList<(string FileName, RuleMetadata Rule)>> LazyDocuments = new(Load);

    private static IReadOnlyList<(string FileName, RuleMetadata Rule)> Documents => LazyDocuments.Value;

    public static TheoryData<string> FileNames()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(RulesDirectory(), "*.md").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Fact]
    public void RulesFolder_WhenListed_HoldsOnlyMarkdownRuleFiles()
    {
        var others = Directory.GetFiles(RulesDirectory())
            .Select(Path.GetFileName)
            .Where(n => !IdPattern().IsMatch(Path.GetFileNameWithoutExtension(n)!) || Path.GetExtension(n) != ".md")
            .ToArray();

        Assert.Empty(others);
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public void RuleDocument_WhenParsed_FileNameIsIdDotMd(string fileName)
    {
        var rule = Parse(fileName);

        Assert.Equal($"{rule.Id}.md", fileName);
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public void RuleDocument_WhenParsed_IdIsWellFormedAndAreaMatches(string fileName)
    {
        var rule = Parse(fileName);

        var match = IdPattern().Match(rule.Id);
        Assert.True(match.Success, $"{fileName}: id '{rule.Id}' is not PFC-<AREA>-<NNN>");
        Assert.Equal(match.Groups["area"].Value, rule.Area);
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public void RuleDocument_WhenParsed_FrontMatterLevelIsErrorWarningOrNote(string fileName)
    {
        var text = File.ReadAllText(Path.Combine(RulesDirectory(), fileName));

        var level = LevelLine().Match(text);
        Assert.True(level.Success, $"{fileName}: no 'level:' line");
        Assert.Contains(level.Groups["level"].Value, new[] { "error", "warning", "note" });
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public void RuleDocument_WhenParsed_TagsAreLowercaseWithAtLeastOneBesidesSecurity(string fileName)
    {
        var rule = Parse(fileName);

        Assert.All(rule.Tags, t => Assert.Matches("^[a-z][a-z0-9-]*$", t));
        Assert.Equal(rule.Tags.Count, rule.Tags.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(rule.Tags, t => t != "security");
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public void RuleDocument_WhenParsed_TitleIsOneShortPhraseWithoutPeriod(string fileName)
    {
        var rule = Parse(fileName);

        Assert.False(string.IsNullOrWhiteSpace(rule.Title));
        Assert.False(rule.Title.EndsWith('.'), $"{fileName}: title ends with a period");
        Assert.True(char.IsUpper(rule.Title[0]), $"{fileName}: title is not sentence case");
        Assert.True(rule.Title.Length <= 80, $"{fileName}: title is {rule.Title.Length} characters");
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public void RuleDocument_WhenParsed_EverySectionHasContent(string fileName)
    {
        var rule = Parse(fileName);

        Assert.All(
            new[] { rule.Summary, rule.WhyItMatters, rule.HowToFix, rule.Example, rule.Links },
            s => Assert.False(string.IsNullOrWhiteSpace(s)));
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public void RuleDocument_WhenParsed_HeadingNamesIdAndName(string fileName)
    {
        var rule = Parse(fileName);

        Assert.StartsWith($"# {rule.Id} {rule.Name}\n", rule.Markdown, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public void RuleDocument_WhenParsed_LinksAreMarkdownHttpsLinks(string fileName)
    {
        var rule = Parse(fileName);

        var lines = rule.Links.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Matches(LinkLine(), l));
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public void RuleDocument_WhenParsed_CodeFencesAreBalanced(string fileName)
    {
        var rule = Parse(fileName);

        var fences = rule.Markdown.Split('\n').Count(l => l.TrimStart().StartsWith("```", StringComparison.Ordinal));
        Assert.True(fences % 2 == 0, $"{fileName}: {fences} code fence lines");
    }

    [Fact]
    public void RuleDocuments_WhenParsed_NamesAreUniqueKebabCase()
    {
        Assert.All(Documents, d => Assert.Matches(KebabName(), d.Rule.Name));
        var duplicates = Documents.GroupBy(d => d.Rule.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(duplicates);
    }

    [Fact]
    public void RuleDocuments_WhenParsed_IdsAreUnique()
    {
        var duplicates = Documents.GroupBy(d => d.Rule.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key);

        Assert.Empty(duplicates);
    }

    [Fact]
    public void EmbeddedCatalog_WhenLoaded_HasTheSameIdsAsTheFolder()
    {
        var embedded = BuiltInRules.Catalog.All.Select(r => r.Id).Order(StringComparer.Ordinal);
        var folder = Documents.Select(d => d.Rule.Id).Order(StringComparer.Ordinal);

        Assert.Equal(folder, embedded);
    }

    [Fact]
    public void EmbeddedCatalog_WhenLoaded_CarriesTheFolderText()
    {
        Assert.All(Documents, d => Assert.Equal(d.Rule.Markdown, BuiltInRules.Catalog[d.Rule.Id].Markdown));
    }

    [Fact]
    public void RuleDocumentParse_WhenLevelIsUnknown_Throws()
    {
        var text = File.ReadAllText(Path.Combine(RulesDirectory(), "PFC-IMG-002.md"))
            .Replace("level: error", "level: critical", StringComparison.Ordinal);

        Assert.Throws<RuleDocumentException>(() => RuleDocument.Parse("PFC-IMG-002.md", text));
    }

    // Per file, so that one broken document fails its own tests rather than every test in the class.
    private static RuleMetadata Parse(string fileName) =>
        RuleDocument.Parse(fileName, File.ReadAllText(Path.Combine(RulesDirectory(), fileName)));

    private static IReadOnlyList<(string FileName, RuleMetadata Rule)> Load() =>
        Directory.GetFiles(RulesDirectory(), "*.md")
            .Order(StringComparer.Ordinal)
            .Select(p => (Path.GetFileName(p), RuleDocument.Parse(Path.GetFileName(p), File.ReadAllText(p))))
            .ToArray();

    private static string RulesDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PreflightCheck.sln")))
            {
                return Path.Combine(dir.FullName, "rules");
            }
        }

        throw new DirectoryNotFoundException($"no PreflightCheck.sln above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"^PFC-(?<area>CFG|IMG|REG|TLS|NET|LMB|IAM)-\d{3}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabName();

    [GeneratedRegex(@"^level: (?<level>\S+)$", RegexOptions.Multiline)]
    private static partial Regex LevelLine();

    [GeneratedRegex(@"^- \[[^\]]+\]\(https://[^\s)]+\)")]
    private static partial Regex LinkLine();
}
