using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Core.Reports;

internal sealed record ToolInfo(string Name, string Version, RootSetInfo? PublicRoots = null);

/// <summary>The root set that counts as public: <see cref="Label"/> "mozilla" for the shipped set, else the --public-roots file.</summary>
internal sealed record RootSetInfo(string Label, string Source, string? Date, int Count)
{
    public string Name => $"{Label} ({Count} roots{(Date is null ? "" : ", " + Date)})";
}

internal sealed record PlanInfo(string Source, string? Region, string Model, string? Endpoint, string? Resource = null);

internal sealed record Suppression(string Justification, string? Expires, string Source);

internal sealed record RuleResult(
    RuleMetadata Rule,
    Outcome Outcome,
    string Model,
    string Target,
    string Message,
    IReadOnlyDictionary<string, string> Evidence,
    SourceLocation? Location,
    string? Endpoint,
    Suppression? Suppression,
    string? Resource = null,
    string? Cause = null)
{
    public string RuleId => Rule.Id;

    public Level Level => Rule.Level;
}

internal sealed record Summary(int Pass, int Fail, int Unknown, int NotApplicable, int Suppressed, int Error)
{
    public static Summary Of(IEnumerable<RuleResult> results)
    {
        int pass = 0, fail = 0, unknown = 0, na = 0, suppressed = 0, error = 0;
        foreach (var r in results)
        {
            if (r.Suppression is not null)
            {
                suppressed++;
                continue;
            }

            switch (r.Outcome)
            {
                case Outcome.Pass: pass++; break;
                case Outcome.Fail: fail++; break;
                case Outcome.Unknown: unknown++; break;
                case Outcome.NotApplicable: na++; break;
                case Outcome.Error: error++; break;
            }
        }

        return new Summary(pass, fail, unknown, na, suppressed, error);
    }
}

/// <summary>The immutable outcome of a run that every reporter renders.</summary>
internal sealed record Report(
    ToolInfo Tool,
    IReadOnlyList<PlanInfo> Plans,
    IReadOnlyList<RuleMetadata> RulesEvaluated,
    IReadOnlyList<RuleResult> Results,
    DateTimeOffset GeneratedAt)
{
    public const string SchemaVersion = "1.1";

    public Summary Summary => Summary.Of(Results);
}
