using System.Text.RegularExpressions;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Cli;

/// <summary>"Did you mean" for commands, options, regions and rule ids: the nearest known names by edit distance.</summary>
internal static partial class Suggestions
{
    /// <summary>The candidates nearest to <paramref name="input"/>, if near enough to be a typo of it (ties all kept).</summary>
    public static IReadOnlyList<string> Nearest(string input, IEnumerable<string> candidates)
    {
        var limit = Math.Clamp(input.Length / 3, 1, 3);
        var scored = candidates.Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(c => (Candidate: c, Distance: Distance(input.ToLowerInvariant(), c.ToLowerInvariant())))
            .Where(s => s.Distance <= limit)
            .ToArray();
        return scored.Length == 0 ? [] : scored.Where(s => s.Distance == scored.Min(m => m.Distance)).Select(s => s.Candidate).ToArray();
    }

    /// <summary>" (did you mean 'x'?)", or empty when nothing is near.</summary>
    public static string DidYouMean(string input, IEnumerable<string> candidates) => DidYouMean(Nearest(input, candidates));

    public static string DidYouMean(IReadOnlyList<string> nearest) =>
        nearest.Count == 0 ? "" : $" (did you mean {string.Join(" or ", nearest.Take(3).Select(n => $"'{n}'"))}?)";

    /// <summary>
    /// What a mistyped rule id or name most likely meant: the id with its <c>PFC-</c> prefix or three-digit number
    /// restored (<c>REG-007</c>, <c>PFC-TLS-02</c>), else the nearest ids, names and areas.
    /// </summary>
    public static IReadOnlyList<string> ForRule(string input, RuleCatalog catalog)
    {
        var match = RuleIdShape().Match(input.Trim());
        if (match.Success && int.TryParse(match.Groups["number"].Value, out var number))
        {
            var id = $"PFC-{match.Groups["area"].Value.ToUpperInvariant()}-{number:000}";
            if (catalog.All.Any(r => string.Equals(r.Id, id, StringComparison.Ordinal)))
            {
                return [id];
            }
        }

        return Nearest(input, catalog.All.SelectMany(r => new[] { r.Id, r.Name, r.Area }));
    }

    // Optimal string alignment: insertions, deletions, substitutions and swaps of neighbours each cost one.
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    [GeneratedRegex(@"^(?:PFC-?)?(?<area>[A-Za-z]{3})-?(?<number>\d{1,3})$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex RuleIdShape();
}
