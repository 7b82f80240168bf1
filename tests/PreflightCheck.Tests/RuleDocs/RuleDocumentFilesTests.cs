using System.Text.RegularExpressions;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules;

namespace PreflightCheck.Tests.RuleDocs;

public sealed partial class RuleDocumentFilesTests
{
    // The catalogue of RULES.md, written out so that a deleted or renamed file fails rather than vanishing quietly.
    private static readonly (string Id, string Name, string Level, string Kind, bool Security)[] Expected =
    [
        ("PFC-CFG-001", "private-image-uses-vpc-mode", "error", "static", false),
        ("PFC-CFG-002", "vpc-config-present", "error", "static", false),
        ("PFC-CFG-003", "credentials-provider-arn", "error", "static", false),
        ("PFC-CFG-004", "execution-role-arn", "error", "static", false),
        ("PFC-CFG-005", "ecr-image-platform-mode", "warning", "static", false),
        ("PFC-IMG-001", "reference-valid", "error", "static", false),
        ("PFC-IMG-002", "digest-pinned", "error", "static", false),
        ("PFC-IMG-003", "registry-host-explicit", "error", "static", false),
        ("PFC-IMG-004", "docker-hub-internet-path", "warning", "live", false),
        ("PFC-IMG-005", "tag-with-digest", "note", "static", false),
        ("PFC-REG-001", "registry-resolves", "error", "live", false),
        ("PFC-REG-002", "registry-api-v2", "error", "live", false),
        ("PFC-REG-003", "auth-config-matches", "error", "live", false),
        ("PFC-REG-004", "credentials-authenticate", "error", "live", false),
        ("PFC-REG-005", "manifest-exists", "error", "live", false),
        ("PFC-REG-006", "manifest-media-type", "warning", "live", false),
        ("PFC-REG-007", "platform-matches-instance", "error", "live", false),
        ("PFC-REG-008", "anonymous-pull", "warning", "live", true),
        ("PFC-REG-009", "image-entrypoint", "note", "live", false),
        ("PFC-REG-010", "token-realm-safe", "error", "live", true),
        ("PFC-REG-011", "container-answers-ping", "error", "live", false),
        ("PFC-REG-012", "invocations-answer", "error", "live", false),
        ("PFC-REG-013", "memory-fits-instance", "error", "live", false),
        ("PFC-REG-014", "image-size-fits-volume", "error", "live", false),
        ("PFC-TLS-001", "https-only", "error", "live", false),
        ("PFC-TLS-002", "public-ca-chain", "error", "live", false),
        ("PFC-TLS-003", "chain-complete", "error", "live", false),
        ("PFC-TLS-004", "hostname-match", "error", "live", false),
        ("PFC-TLS-005", "certificate-valid-now", "error", "live", false),
        ("PFC-TLS-006", "certificate-expiry-soon", "warning", "live", false),
        ("PFC-TLS-007", "tls-protocol-version", "warning", "live", true),
        ("PFC-TLS-008", "key-and-signature-strength", "warning", "live", true),
        ("PFC-NET-001", "subnets-exist", "error", "live", false),
        ("PFC-NET-002", "subnets-one-vpc", "error", "live", false),
        ("PFC-NET-003", "security-groups-in-vpc", "error", "live", false),
        ("PFC-NET-004", "registry-in-vpc", "error", "live", false),
        ("PFC-NET-005", "registry-ingress", "error", "live", false),
        ("PFC-NET-006", "model-egress", "error", "live", false),
        ("PFC-NET-007", "network-acls", "error", "live", false),
        ("PFC-NET-008", "route-to-registry", "error", "live", false),
        ("PFC-NET-009", "two-availability-zones", "warning", "live", false),
        ("PFC-NET-010", "subnet-ip-capacity", "warning", "live", false),
        ("PFC-NET-011", "registry-open-to-world", "warning", "live", true),
        ("PFC-NET-012", "s3-path-for-model-data", "error", "live", false),
        ("PFC-LMB-001", "lambda-interface-endpoint", "error", "live", false),
        ("PFC-LMB-002", "lambda-private-dns", "error", "live", false),
        ("PFC-LMB-003", "lambda-endpoint-reachable", "error", "live", false),
        ("PFC-LMB-004", "lambda-endpoint-policy", "error", "live", false),
        ("PFC-LMB-005", "vpc-dns-resolver", "warning", "live", false),
        ("PFC-LMB-006", "function-exists", "error", "live", false),
        ("PFC-LMB-007", "credential-response-shape", "error", "live", false),
        ("PFC-LMB-008", "cross-account-function-policy", "error", "live", false),
        ("PFC-LMB-009", "plaintext-secrets", "warning", "live", true),
        ("PFC-LMB-010", "invocation-latency", "note", "live", false),
        ("PFC-IAM-001", "role-trusts-sagemaker", "error", "live", false),
        ("PFC-IAM-002", "role-can-invoke-provider", "error", "live", false),
        ("PFC-IAM-003", "role-vpc-permissions", "error", "live", false),
        ("PFC-IAM-004", "deployer-can-pass-role", "warning", "live", false),
        ("PFC-IAM-005", "invoke-scope-broad", "warning", "live", true),
    ];

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
    public void RulesFolder_WhenListed_HoldsExactlyTheCataloguedIds()
    {
        var ids = Documents.Select(d => d.Rule.Id).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(59, Expected.Length);
        Assert.Equal(Expected.Select(e => e.Id).Order(StringComparer.Ordinal), ids);
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
    public void RuleDocument_WhenParsed_MatchesCatalogueNameLevelKindAndSecurityTag(string fileName)
    {
        var rule = Parse(fileName);
        var expected = Expected.Single(e => e.Id == rule.Id);

        Assert.Equal(expected.Name, rule.Name);
        Assert.Equal(expected.Level, LevelText(rule.Level));
        Assert.Equal(expected.Kind, rule.Kind);
        Assert.Equal(expected.Security, rule.IsSecurity);
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

    private static string LevelText(Level level) => level switch
    {
        Level.Error => "error",
        Level.Warning => "warning",
        Level.Note => "note",
        _ => level.ToString(),
    };

    [GeneratedRegex(@"^PFC-(?<area>CFG|IMG|REG|TLS|NET|LMB|IAM)-\d{3}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabName();

    [GeneratedRegex(@"^level: (?<level>\S+)$", RegexOptions.Multiline)]
    private static partial Regex LevelLine();

    [GeneratedRegex(@"^- \[[^\]]+\]\(https://[^\s)]+\)")]
    private static partial Regex LinkLine();
}
