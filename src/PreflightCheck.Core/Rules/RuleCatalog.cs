using System.Reflection;

namespace PreflightCheck.Core.Rules;

/// <summary>The rule documents embedded in an assembly as <c>rules/ID.md</c>, by id.</summary>
internal sealed class RuleCatalog
{
    private readonly SortedDictionary<string, RuleMetadata> _byId;

    public RuleCatalog(IEnumerable<RuleMetadata> rules)
    {
        _byId = new SortedDictionary<string, RuleMetadata>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            if (!_byId.TryAdd(rule.Id, rule))
            {
                throw new InvalidOperationException($"rule {rule.Id} is documented twice");
            }
        }
    }

    public IEnumerable<RuleMetadata> All => _byId.Values;

    public RuleMetadata this[string id] => _byId[id];

    public bool TryGet(string id, out RuleMetadata metadata) => _byId.TryGetValue(id, out metadata!);

    public static RuleCatalog FromEmbeddedResources(Assembly assembly)
    {
        var rules = new List<RuleMetadata>();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith("rules/", StringComparison.Ordinal) || !name.EndsWith(".md", StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            rules.Add(RuleDocument.Parse(name, reader.ReadToEnd()));
        }

        return new RuleCatalog(rules);
    }
}
