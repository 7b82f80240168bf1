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
        var context = new RuleContext(facts, settings);
        var selected = Select(selection);
        var results = new List<RuleResult>();
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
                    finding.Cause);
                results.Add(transform is null ? result : transform(result));
            }
        }

        var ordered = results
            .OrderBy(r => r.RuleId, StringComparer.Ordinal)
            .ThenBy(r => r.Model, StringComparer.Ordinal)
            .ThenBy(r => r.Target, StringComparer.Ordinal)
            .ToArray();
        return (selected.Select(r => Catalog[r.Id]).ToArray(), ordered);
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new SortedDictionary<string, string>(StringComparer.Ordinal);

    private static string ModelOf(FactsSnapshot facts) =>
        facts.Plan.Models.Count == 1 ? facts.Plan.Models[0].Name : string.Join(",", facts.Plan.Models.Select(m => m.Name));
}
