using PreflightCheck.Core.Facts;

namespace PreflightCheck.Collectors;

/// <summary>
/// Collects one section of the snapshot. Thin: calls, maps to project records, judges nothing.
/// Reads the snapshot it is given (the plan, the registry's facts) and returns only its own section;
/// a failed collection is returned as a fact (a <see cref="CollectorRun"/> and statuses), not thrown.
/// </summary>
internal interface ICollector<TSection>
    where TSection : FactsSection
{
    string Name { get; }

    Task<TSection> CollectAsync(FactsSnapshot facts, CollectorContext ctx, CancellationToken ct);
}

/// <summary>What one collector returns: how its run ended and, unless it could not start, its section (null leaves the snapshot's as it was).</summary>
internal abstract record FactsSection(CollectorRun Run);

internal sealed record RegistrySection(CollectorRun Run, IReadOnlyList<RegistryFacts> Registries) : FactsSection(Run);

internal sealed record TlsSection(CollectorRun Run, IReadOnlyList<TlsEndpointFacts>? Endpoints) : FactsSection(Run);

internal sealed record AwsSection(CollectorRun Run, AwsFacts? Aws) : FactsSection(Run);

internal sealed record PullTestSection(CollectorRun Run, IReadOnlyList<PullTestFacts>? PullTests) : FactsSection(Run);

internal sealed record RunTestSection(CollectorRun Run, IReadOnlyList<RunTestFacts>? RunTests) : FactsSection(Run);

/// <summary>The one place a collector's section enters the snapshot.</summary>
internal static class FactsSections
{
    public static FactsSnapshot With(this FactsSnapshot facts, FactsSection section)
    {
        var added = facts with { Collectors = [.. facts.Collectors, section.Run] };
        return section switch
        {
            RegistrySection s => added with { Registries = s.Registries },
            TlsSection { Endpoints: { } endpoints } => added with { TlsEndpoints = endpoints },
            AwsSection { Aws: { } aws } => added with { Aws = aws },
            PullTestSection { PullTests: { } pulls } => added with { PullTests = pulls },
            RunTestSection { RunTests: { } runs } => added with { RunTests = runs },
            _ => added,
        };
    }

    /// <summary>Collects and adds the section to the snapshot it read.</summary>
    public static async Task<FactsSnapshot> CollectIntoAsync<TSection>(this ICollector<TSection> collector, FactsSnapshot facts, CollectorContext ctx, CancellationToken ct)
        where TSection : FactsSection =>
        facts.With(await collector.CollectAsync(facts, ctx, ct).ConfigureAwait(false));
}
