using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Reports;

namespace PreflightCheck.Core.Rules;

/// <summary>
/// Turns a verdict about a target whose input values could not be resolved statically (a template intrinsic, a Terraform value
/// known only after apply) into unknown: the rule judged what was left, which is not what will be deployed.
/// Pass it to <see cref="RuleEngine.Evaluate"/> as the transform.
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
                if (!byModel.TryGetValue(model.Name, out var list))
                {
                    byModel[model.Name] = list = [];
                }

                list.AddRange(unresolved);
            }
        }

        return byModel.Count == 0 ? static result => result : result => Apply(result, byModel);
    }

    private static RuleResult Apply(RuleResult result, Dictionary<string, List<UnresolvedValue>> byModel)
    {
        if (result.Outcome is not (Outcome.Pass or Outcome.Fail or Outcome.NotApplicable)
            || !byModel.TryGetValue(result.Model, out var unresolved))
        {
            return result;
        }

        var prefix = result.Target + ":";
        var matching = unresolved.Where(u => u.Field.StartsWith(prefix, StringComparison.Ordinal)).ToArray();
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

    private static string Where(SourceLocation? location) =>
        location is null ? "an unknown place" : $"{location.File}:{location.Line}:{location.Column}";

    private static string Word(Outcome outcome) => outcome switch
    {
        Outcome.Pass => "pass",
        Outcome.Fail => "fail",
        _ => "notApplicable",
    };
}
