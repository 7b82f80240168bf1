namespace PreflightCheck.Core.Rules;

internal sealed record RuleMetadata(
    string Id,
    string Name,
    string Title,
    Level Level,
    string Area,
    string Kind,
    IReadOnlyList<string> Tags,
    string Summary,
    string WhyItMatters,
    string HowToFix,
    string Example,
    string Links,
    string Markdown)
{
    public static readonly string[] SectionNames = ["Summary", "Why it matters", "How to fix", "Example", "Links"];

    public bool IsSecurity => Tags.Contains("security", StringComparer.Ordinal);
}
