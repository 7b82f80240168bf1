using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Reports;

namespace PreflightCheck.Core.Rules;

/// <summary>Runs the selected rules over one snapshot; a rule that throws gives outcome error and the run goes on.</summary>
internal sealed class RuleEngine(IReadOnlyList<Rule> rules, RuleCatalog catalog)
{
    public IReadOnlyList<Rule> Rules { get; } = rules;

    public RuleCatalog Catalog { get; } = catalog;

    public IReadOnlyList<Rule> Select(RuleSelection selection) =>
        Rules.Where(r => selection.Selects(r, Catalog[r.Id])).OrderBy(r => r.Id, StringComparer.Ordinal).ToArray();

    public (IReadOnlyList<RuleMetadata> Evaluated, IReadOnlyList<RuleResult> Results) Evaluate(
        FactsSnapshot facts, RuleSelection selection, RuleSettings settings, Func<RuleResult, RuleResult>? transform = null)
    {
        var selected = Select(selection);
        var results = new List<RuleResult>();
        foreach (var part in Partitions(facts))
        {
            Evaluate(part, selected, settings, transform, results);
        }

        var ordered = results
            .OrderBy(r => r.RuleId, StringComparer.Ordinal)
            .ThenBy(r => r.Model, StringComparer.Ordinal)
            .ThenBy(r => r.Resource, StringComparer.Ordinal)
            .ThenBy(r => r.Target, StringComparer.Ordinal)
            .ToArray();
        return (selected.Select(r => Catalog[r.Id]).ToArray(), ordered);
    }

    /// <summary>
    /// Rules name a model by its name. Two template resources may give the same ModelName; each such resource is then judged
    /// in a plan of its own, so every result can be told apart by the resource's logical id.
    /// </summary>
    private static IEnumerable<FactsSnapshot> Partitions(FactsSnapshot facts)
    {
        var models = facts.Plan.Models;
        if (models.Select(m => m.Name).Distinct(StringComparer.Ordinal).Count() == models.Count)
        {
            yield return facts;
            yield break;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var parts = new List<List<Plan.ModelPlan>>();
        foreach (var model in models)
        {
            var index = seen[model.Name] = seen.TryGetValue(model.Name, out var n) ? n + 1 : 0;
            if (index == parts.Count)
            {
                parts.Add([]);
            }

            parts[index].Add(model);
        }

        foreach (var part in parts)
        {
            yield return facts with { Plan = facts.Plan with { Models = part } };
        }
    }

    private void Evaluate(FactsSnapshot facts, IReadOnlyList<Rule> selected, RuleSettings settings, Func<RuleResult, RuleResult>? transform, List<RuleResult> results)
    {
        var context = new RuleContext(facts, settings);
        var resources = facts.Plan.Models.Where(m => m.Resource is not null).ToDictionary(m => m.Name, m => m.Resource, StringComparer.Ordinal);
        foreach (var rule in selected)
        {
            var metadata = Catalog[rule.Id];
            List<Finding> findings;
            try
            {
                findings = rule.Evaluate(context).ToList();
            }
            catch (Exception ex)
            {
                findings = [new Finding(Outcome.Error, ModelOf(facts), "rule", $"{rule.Id} could not be evaluated: {ex.GetType().Name}: {ex.Message}")];
            }

            foreach (var finding in findings)
            {
                var result = new RuleResult(
                    metadata,
                    finding.Outcome,
                    finding.Model,
                    finding.Target,
                    finding.Message,
                    finding.Evidence is null ? Empty : new SortedDictionary<string, string>(finding.Evidence.ToDictionary(), StringComparer.Ordinal),
                    finding.Location,
                    finding.Endpoint,
                    null,
                    resources.GetValueOrDefault(finding.Model),
                    finding.Cause);
                results.Add(transform is null ? result : transform(result));
            }
        }
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new SortedDictionary<string, string>(StringComparer.Ordinal);

    private static string ModelOf(FactsSnapshot facts) =>
        facts.Plan.Models.Count == 1 ? facts.Plan.Models[0].Name : string.Join(",", facts.Plan.Models.Select(m => m.Name));
}
