using System.Text;
using PreflightCheck.Core.Reports;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Reporting;

/// <summary>Names and orderings every format shares, so the formats cannot drift apart.</summary>
internal static class ReportText
{
    public static readonly string[] AreaOrder = ["CFG", "IMG", "REG", "TLS", "NET", "LMB", "IAM"];

    public static string Name(Outcome outcome) => outcome switch
    {
        Outcome.Pass => "pass",
        Outcome.Fail => "fail",
        Outcome.Unknown => "unknown",
        Outcome.NotApplicable => "notApplicable",
        Outcome.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    public static string Name(Level level) => level switch
    {
        Level.Error => "error",
        Level.Warning => "warning",
        Level.Note => "note",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    /// <summary>Results grouped by area in the catalogue's order; unknown areas follow, by name; order inside a group is kept.</summary>
    public static IReadOnlyList<(string Area, IReadOnlyList<RuleResult> Results)> ByArea(IEnumerable<RuleResult> results)
    {
        var groups = new Dictionary<string, List<RuleResult>>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            var area = result.Rule.Area;
            if (!groups.TryGetValue(area, out var list))
            {
                groups[area] = list = [];
            }

            list.Add(result);
        }

        return groups
            .OrderBy(g => AreaRank(g.Key))
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<RuleResult>)g.Value))
            .ToArray();
    }

    private static int AreaRank(string area)
    {
        var index = Array.IndexOf(AreaOrder, area);
        return index < 0 ? AreaOrder.Length : index;
    }

    public static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    /// <summary>The model, and the template resource it comes from when that has another name ("ranker (resource GreenModel)").</summary>
    public static string ModelAndResource(RuleResult result) =>
        result.Resource is null || result.Resource == result.Model ? result.Model : $"{result.Model} (resource {result.Resource})";

    public static bool HasManyModels(Report report) =>
        report.Plans.Count > 1 || report.Results.Select(r => r.Model).Distinct(StringComparer.Ordinal).Skip(1).Any();

    /// <summary>
    /// Replaces control characters (other than newline and tab), carriage returns and unpaired surrogates,
    /// so that text that came from a server can neither drive a terminal nor make XML or JSON invalid.
    /// </summary>
    public static string Printable(string text)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            string? replacement = null;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }

            if (c == '\r')
            {
                replacement = i + 1 < text.Length && text[i + 1] == '\n' ? "" : "\n";
            }
            else if ((char.IsControl(c) && c is not '\n' and not '\t') || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
            {
                replacement = "\uFFFD";
            }

            if (replacement is null)
            {
                sb?.Append(c);
                continue;
            }

            sb ??= new StringBuilder(text.Length + 8).Append(text, 0, i);
            sb.Append(replacement);
        }

        return sb?.ToString() ?? text;
    }
}
