using System.Globalization;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Reports;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Core.Configuration;

/// <summary>
/// One suppression from the configuration file. <see cref="Target"/> and <see cref="Model"/> are exact or globs
/// (<c>*</c>, <c>?</c>, ordinal); <see cref="Expires"/> is the last day (UTC) on which it still suppresses.
/// </summary>
internal sealed record SuppressionEntry(
    string RuleId,
    string Target,
    string? Model,
    string Justification,
    DateOnly? Expires,
    SourceLocation Location)
{
    public bool Matches(RuleResult result) =>
        string.Equals(RuleId, result.RuleId, StringComparison.Ordinal)
        && Glob.Matches(Target, result.Target)
        && (Model is null || Glob.Matches(Model, result.Model));

    public bool IsExpiredAt(DateTimeOffset at) => Expires is { } last && DateOnly.FromDateTime(at.UtcDateTime) > last;

    public string? ExpiresText => Expires?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>
/// The configuration file (<c>.preflight.yml</c>): suppressions, level overrides, disabled rules and rule settings.
/// Applying it is pure; time comes from the snapshot.
/// </summary>
internal sealed record PreflightConfig(
    string? Source,
    IReadOnlyList<SuppressionEntry> Suppressions,
    IReadOnlyDictionary<string, Level> LevelOverrides,
    IReadOnlyList<string> DisabledRules,
    int? CertificateExpiryWarningDays)
{
    public static PreflightConfig Empty { get; } = new(null, [], new Dictionary<string, Level>(), [], null);

    public RuleSettings Apply(RuleSettings settings) =>
        CertificateExpiryWarningDays is { } days ? settings with { CertificateExpiryWarningDays = days } : settings;

    public RuleMetadata Apply(RuleMetadata metadata) =>
        LevelOverrides.TryGetValue(metadata.Id, out var level) && level != metadata.Level ? metadata with { Level = level } : metadata;

    /// <summary>
    /// Overrides the level, then suppresses a fail, unknown or error result with the first active matching suppression.
    /// Passes are not findings and are never suppressed. When only expired suppressions match, the result stays active
    /// and its message says which suppression expired, so the reader sees why it came back.
    /// </summary>
    public RuleResult Apply(RuleResult result, DateTimeOffset at)
    {
        var metadata = Apply(result.Rule);
        if (!ReferenceEquals(metadata, result.Rule))
        {
            result = result with { Rule = metadata };
        }

        if (result.Outcome is not (Outcome.Fail or Outcome.Unknown or Outcome.Error) || result.Suppression is not null)
        {
            return result;
        }

        SuppressionEntry? expired = null;
        foreach (var entry in Suppressions)
        {
            if (!entry.Matches(result))
            {
                continue;
            }

            if (!entry.IsExpiredAt(at))
            {
                return result with { Suppression = new Suppression(entry.Justification, entry.ExpiresText, SourceOf(entry)) };
            }

            expired ??= entry;
        }

        return expired is null
            ? result
            : result with { Message = $"{result.Message} (suppression expired on {expired.ExpiresText}: {expired.Justification})" };
    }

    private static string SourceOf(SuppressionEntry entry) => $"{entry.Location.File}:{entry.Location.Line}";
}

/// <summary>Ordinal globs: <c>*</c> any run of characters, <c>?</c> one character; anything else literal.</summary>
internal static class Glob
{
    public static bool Matches(string pattern, string text) => Match(pattern.AsSpan(), text.AsSpan());

    private static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]) && pattern[p] != '*')
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
