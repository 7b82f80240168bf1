using System.Diagnostics.CodeAnalysis;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules;

/// <summary>Every rule class in this assembly and the catalogue of rules/*.md embedded beside them.</summary>
internal static class BuiltInRules
{
    private static readonly Lazy<IReadOnlyList<Rule>> LazyAll = new(Discover);
    private static readonly Lazy<RuleCatalog> LazyCatalog = new(() => RuleCatalog.FromEmbeddedResources(typeof(BuiltInRules).Assembly));

    public static IReadOnlyList<Rule> All => LazyAll.Value;

    public static RuleCatalog Catalog => LazyCatalog.Value;

    public static RuleEngine CreateEngine() => new(All, Catalog);

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Rule types live in this assembly, which is rooted.")]
    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = "Rule types live in this assembly, which is rooted.")]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "Rule types live in this assembly, which is rooted.")]
    private static IReadOnlyList<Rule> Discover() =>
        typeof(BuiltInRules).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && t.IsSubclassOf(typeof(Rule)))
            .Select(t => (Rule)Activator.CreateInstance(t)!)
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .ToArray();
}
