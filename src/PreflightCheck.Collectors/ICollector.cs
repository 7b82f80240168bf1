using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Collectors;

/// <summary>
/// Fills one section of the snapshot. Thin: calls, maps to project records, judges nothing.
/// A failed collection is returned as a fact (a <see cref="CollectorRun"/> and statuses), not thrown.
/// </summary>
internal interface ICollector
{
    string Name { get; }

    FactNeeds Provides { get; }

    Task<FactsSnapshot> CollectAsync(FactsSnapshot facts, CollectorContext ctx, CancellationToken ct);
}
