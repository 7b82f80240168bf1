using System.Text.Json;

namespace PreflightCheck.IntegrationTests.AwsFake;

internal sealed record PolicySource(string Id, string Type, string Document);

internal sealed record Evaluation(string Decision, IReadOnlyList<string> MatchedPolicyIds, IReadOnlyList<string> MissingContextKeys);

/// <summary>
/// Identity-policy evaluation as IAM's simulator does it for one action and resource: an explicit Deny wins, then any Allow,
/// otherwise an implicit deny. Conditions support the String operators (with IfExists) over the given context keys.
/// </summary>
internal static class PolicyEvaluator
{
    public static Evaluation Evaluate(IEnumerable<PolicySource> policies, string action, string resource, IReadOnlyDictionary<string, List<string>> context)
    {
        var allows = new List<string>();
        var denies = new List<string>();
        var missing = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var policy in policies)
        {
            using var document = JsonDocument.Parse(policy.Document);
            var statements = document.RootElement.GetProperty("Statement");
            foreach (var statement in statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray().ToList() : [statements])
            {
                if (!Applies(statement, action, resource, context, missing))
                {
                    continue;
                }

                var effect = statement.GetProperty("Effect").GetString();
                (effect == "Deny" ? denies : allows).Add(policy.Id);
            }
        }

        return denies.Count > 0 ? new Evaluation("explicitDeny", denies.Distinct().ToList(), [.. missing])
            : allows.Count > 0 ? new Evaluation("allowed", allows.Distinct().ToList(), [.. missing])
            : new Evaluation("implicitDeny", [], [.. missing]);
    }

    private static List<string> Strings(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? [.. element.EnumerateArray().Select(e => e.ToString())] : [element.ToString()];

    private static bool Applies(JsonElement statement, string action, string resource, IReadOnlyDictionary<string, List<string>> context, ISet<string> missing)
    {
        bool actionMatches = statement.TryGetProperty("Action", out var actions)
            ? Strings(actions).Any(a => Query.Glob(a, action, ignoreCase: true))
            : statement.TryGetProperty("NotAction", out var notActions) && !Strings(notActions).Any(a => Query.Glob(a, action, ignoreCase: true));
        if (!actionMatches)
        {
            return false;
        }

        bool resourceMatches = statement.TryGetProperty("Resource", out var resources)
            ? Strings(resources).Any(p => Query.Glob(p, resource, ignoreCase: false))
            : statement.TryGetProperty("NotResource", out var notResources) && !Strings(notResources).Any(p => Query.Glob(p, resource, ignoreCase: false));
        if (!resourceMatches)
        {
            return false;
        }

        if (!statement.TryGetProperty("Condition", out var conditions))
        {
            return true;
        }

        foreach (var op in conditions.EnumerateObject())
        {
            var ifExists = op.Name.EndsWith("IfExists", StringComparison.Ordinal);
            var name = ifExists ? op.Name[..^"IfExists".Length] : op.Name;
            foreach (var key in op.Value.EnumerateObject())
            {
                var expected = Strings(key.Value);
                if (!context.TryGetValue(key.Name, out var actual) || actual.Count == 0)
                {
                    missing.Add(key.Name);
                    if (ifExists)
                    {
                        continue;
                    }

                    // A negated operator is true when the key is absent; every other operator is false.
                    if (name is "StringNotEquals" or "StringNotLike" or "StringNotEqualsIgnoreCase")
                    {
                        continue;
                    }

                    return false;
                }

                var ok = name switch
                {
                    "StringEquals" => actual.Any(a => expected.Contains(a, StringComparer.Ordinal)),
                    "StringEqualsIgnoreCase" => actual.Any(a => expected.Contains(a, StringComparer.OrdinalIgnoreCase)),
                    "StringLike" => actual.Any(a => expected.Any(p => Query.Glob(p, a, ignoreCase: false))),
                    "StringNotEquals" => actual.All(a => !expected.Contains(a, StringComparer.Ordinal)),
                    "StringNotEqualsIgnoreCase" => actual.All(a => !expected.Contains(a, StringComparer.OrdinalIgnoreCase)),
                    "StringNotLike" => actual.All(a => !expected.Any(p => Query.Glob(p, a, ignoreCase: false))),
                    // Operators the fake does not model never match, so they can neither grant nor deny by accident.
                    _ => false,
                };
                if (!ok)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
