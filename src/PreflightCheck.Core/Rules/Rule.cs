using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;

namespace PreflightCheck.Core.Rules;

internal enum Outcome
{
    Pass,
    Fail,
    Unknown,
    NotApplicable,
    Error,
}

/// <summary>Default severity; lives in rule metadata (rules/*.md), never in rule code.</summary>
internal enum Level
{
    Note,
    Warning,
    Error,
}

/// <summary>What a rule needs collected before it can judge; <see cref="None"/> means the plan alone (static).</summary>
[Flags]
internal enum FactNeeds
{
    None = 0,
    Registry = 1,
    Tls = 2,
    Ec2 = 4,
    Iam = 8,
    Lambda = 16,
    LambdaInvoke = 32,
    Sts = 64,
    RunTest = 128,
}

/// <summary>
/// A rule's verdict on one target, before metadata and suppression are attached. <see cref="Cause"/>, when set, is
/// the part of the message that says why facts are missing (a failed collection), so a report can say it once for
/// every result that shares it.
/// </summary>
internal sealed record Finding(
    Outcome Outcome,
    string Model,
    string Target,
    string Message,
    IReadOnlyDictionary<string, string>? Evidence = null,
    SourceLocation? Location = null,
    string? Endpoint = null,
    string? Cause = null);

internal sealed record RuleContext(FactsSnapshot Facts, RuleSettings Settings);

internal sealed record RuleSettings(int CertificateExpiryWarningDays = 30)
{
    public static RuleSettings Default { get; } = new();
}

/// <summary>
/// A pure check over the facts: no I/O, no clock (time comes from the snapshot).
/// Name, title, level, area and tags come from the rule's document in rules/.
/// </summary>
internal abstract class Rule
{
    public abstract string Id { get; }

    public virtual FactNeeds Needs => FactNeeds.None;

    public bool IsStatic => Needs == FactNeeds.None;

    public abstract IEnumerable<Finding> Evaluate(RuleContext context);

    protected static Dictionary<string, string> Evidence(params (string Key, string? Value)[] items)
    {
        var evidence = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in items)
        {
            if (value is not null)
            {
                evidence[key] = value;
            }
        }

        return evidence;
    }
}
