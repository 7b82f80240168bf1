using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Reports;

namespace PreflightCheck.Core.Rules;

/// <summary>
/// Turns a verdict about a target whose input values could not be resolved statically (a template intrinsic, a Terraform value
/// known only after apply) into unknown when the rule reads such a value: the rule judged what was left, which is not what will
/// be deployed.
/// <see cref="Judge"/> passes it to <see cref="RuleEngine.Evaluate"/> as the transform.
/// </summary>
internal static class UnresolvedValues
{
    public static Func<RuleResult, RuleResult> For(DeploymentPlan plan)
    {
        var byModel = new Dictionary<string, List<UnresolvedValue>>(StringComparer.Ordinal);
        foreach (var model in plan.Models)
        {
            if (model.Unresolved is { Count: > 0 } unresolved)
            {
                var key = model.Resource ?? model.Name;
                if (!byModel.TryGetValue(key, out var list))
                {
                    byModel[key] = list = [];
                }

                list.AddRange(unresolved);
            }
        }

        return byModel.Count == 0 ? static result => result : result => Apply(result, byModel);
    }

    private static RuleResult Apply(RuleResult result, Dictionary<string, List<UnresolvedValue>> byModel)
    {
        if (result.Outcome is not (Outcome.Pass or Outcome.Fail or Outcome.NotApplicable)
            || !byModel.TryGetValue(result.Resource ?? result.Model, out var unresolved))
        {
            return result;
        }

        var prefix = result.Target + ": ";
        var matching = unresolved
            .Where(u => u.Field.StartsWith(prefix, StringComparison.Ordinal) && Concerns(result.RuleId, u.Field[prefix.Length..])
                        && !JudgedByType.Contains((result.RuleId, u.ResourceType)))
            .ToArray();
        if (matching.Length == 0)
        {
            return result;
        }

        var first = matching[0];
        var more = matching.Length > 1 ? $" and {matching.Length - 1} more" : "";
        var message = $"{first.Field} could not be resolved statically ({first.Expression} at {Where(first.Location)}){more}: "
            + $"this check would have said {Word(result.Outcome)}: {result.Message}";
        var evidence = new SortedDictionary<string, string>(result.Evidence.ToDictionary(), StringComparer.Ordinal)
        {
            ["unresolved"] = string.Join("; ", matching.Select(u => $"{u.Field} = {u.Expression}")),
        };
        return result with
        {
            Outcome = Outcome.Unknown,
            Message = message,
            Evidence = evidence,
            Location = first.Location ?? result.Location,
        };
    }

    /// <summary>
    /// The plan values each area of rules reads, as normalised paths (CloudFormation and Terraform spellings meet: lower case,
    /// no underscores, no indexes). Without this an unresolved ModelDataUrl would make every image check of its container
    /// unknown. A rule not listed here is assumed to read everything about its target.
    /// </summary>
    private static readonly (string RulePrefix, string[] Paths)[] Reads =
    [
        ("PFC-IMG-", ["image"]),
        ("PFC-CFG-001", ["image", "imageconfig.repositoryaccessmode"]),
        ("PFC-CFG-002", ["vpcconfig", "imageconfig.repositoryaccessmode"]),
        ("PFC-CFG-003", ["imageconfig.repositoryauthconfig"]),
        ("PFC-CFG-004", ["executionrolearn"]),
        ("PFC-CFG-005", ["image", "imageconfig.repositoryaccessmode"]),
        ("PFC-CFG-006", ["image", "imageconfig", "vpcconfig", "modelpackagename"]),
        ("PFC-REG-", ["image", "imageconfig"]),
        ("PFC-TLS-", ["image", "imageconfig"]),
        ("PFC-NET-", ["image", "vpcconfig", "modeldataurl"]),
        ("PFC-LMB-", ["imageconfig.repositoryauthconfig", "vpcconfig", "executionrolearn"]),
        ("PFC-IAM-", ["executionrolearn", "imageconfig.repositoryauthconfig"]),
    ];

    /// <summary>
    /// Rules that judge only the kind of value: <c>!GetAtt Role.Arn</c> of an IAM role in the same template is a role ARN, and
    /// <c>!GetAtt Fn.Arn</c> of a Lambda function in the same stack is a function ARN in the stack's region.
    /// </summary>
    private static readonly HashSet<(string, string?)> JudgedByType =
    [
        ("PFC-CFG-004", "AWS::IAM::Role"),
        ("PFC-CFG-003", "AWS::Lambda::Function"),
    ];

    /// <summary>Whole containers unresolved (an <c>Fn::If</c> around PrimaryContainer, say) hide every value in them.</summary>
    private static readonly string[] Structural = ["primarycontainer", "containers", "container", "properties"];

    private static bool Concerns(string ruleId, string field)
    {
        var path = Normalise(field);
        if (Structural.Contains(path))
        {
            return true;
        }

        var reads = Reads.FirstOrDefault(r => ruleId.StartsWith(r.RulePrefix, StringComparison.Ordinal)).Paths;
        return reads is null || reads.Any(read =>
            path == read
            || path.StartsWith(read + ".", StringComparison.Ordinal)
            || read.StartsWith(path + ".", StringComparison.Ordinal));
    }

    private static string Normalise(string field)
    {
        var builder = new System.Text.StringBuilder(field.Length);
        var depth = 0;
        foreach (var c in field)
        {
            if (c == '[')
            {
                depth++;
            }
            else if (c == ']')
            {
                depth--;
            }
            else if (depth == 0 && c != '_')
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    private static string Where(SourceLocation? location) =>
        location is null ? "an unknown place" : $"{location.File}:{location.Line}:{location.Column}";

    private static string Word(Outcome outcome) => outcome switch
    {
        Outcome.Pass => "pass",
        Outcome.Fail => "fail",
        _ => "notApplicable",
    };
}
