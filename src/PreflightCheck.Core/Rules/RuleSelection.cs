using System.Text.RegularExpressions;

namespace PreflightCheck.Core.Rules;

/// <summary>
/// Which rules run: <c>--rules</c> and <c>--skip-rules</c> patterns, each an id, an area (NET) or a glob (PFC-TLS-*).
/// </summary>
internal sealed class RuleSelection
{
    private readonly IReadOnlyList<string> _include;
    private readonly IReadOnlyList<string> _exclude;

    public RuleSelection(IEnumerable<string>? include = null, IEnumerable<string>? exclude = null, bool offline = false)
    {
        _include = include?.ToArray() ?? [];
        _exclude = exclude?.ToArray() ?? [];
        Offline = offline;
    }

    public static RuleSelection All { get; } = new();

    public bool Offline { get; }

    public bool Selects(Rule rule, RuleMetadata metadata)
    {
        if (Offline && !rule.IsStatic)
        {
            return false;
        }

        if (_include.Count > 0 && !_include.Any(p => Matches(p, metadata)))
        {
            return false;
        }

        return !_exclude.Any(p => Matches(p, metadata));
    }

    public static bool Matches(string pattern, RuleMetadata metadata)
    {
        if (string.Equals(pattern, metadata.Area, StringComparison.OrdinalIgnoreCase)
            || string.Equals(pattern, metadata.Name, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!pattern.Contains('*', StringComparison.Ordinal) && !pattern.Contains('?', StringComparison.Ordinal))
        {
            return string.Equals(pattern, metadata.Id, StringComparison.OrdinalIgnoreCase);
        }

        var regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(metadata.Id, regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    /// <summary>Whether a pattern names anything in the catalogue, so that a typo is an input error, not an empty run.</summary>
    public static bool MatchesAny(string pattern, RuleCatalog catalog) => catalog.All.Any(m => Matches(pattern, m));
}
