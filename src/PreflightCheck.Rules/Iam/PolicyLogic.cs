using System.Text.Json;
using PreflightCheck.Core.Facts;

namespace PreflightCheck.Rules.Iam;

/// <summary>The small part of IAM policy evaluation the rules need: wildcards, actions, resources and principals.</summary>
internal static class PolicyLogic
{
    /// <summary>IAM's <c>*</c> and <c>?</c> wildcards; actions compare case-insensitively, ARNs case-sensitively.</summary>
    public static bool Like(string pattern, string value, bool ignoreCase = false)
    {
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        int p = 0, v = 0, star = -1, mark = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || string.Compare(pattern, p, value, v, 1, comparison) == 0) && pattern[p] != '*')
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    public static bool ActionMatches(PolicyStatementFacts statement, string action) =>
        statement.NotActions.Count > 0
            ? !statement.NotActions.Any(a => Like(a, action, ignoreCase: true))
            : statement.Actions.Any(a => Like(a, action, ignoreCase: true));

    public static bool ResourceMatches(PolicyStatementFacts statement, string resource) =>
        statement.Resources.Count == 0 || statement.Resources.Any(r => Like(r, resource));

    /// <summary>Whether a principal list names the role: "*", the role ARN, its account (id or root ARN).</summary>
    public static bool PrincipalMatches(PolicyStatementFacts statement, string roleArn, string? account) =>
        statement.Principals.Count == 0
        || statement.Principals.Any(p => p == "*"
            || p == roleArn
            || (account is not null && (p == account || p.EndsWith($":iam::{account}:root", StringComparison.Ordinal))));

    public static bool IsAllow(PolicyStatementFacts statement) => string.Equals(statement.Effect, "Allow", StringComparison.Ordinal);

    public static bool IsDeny(PolicyStatementFacts statement) => string.Equals(statement.Effect, "Deny", StringComparison.Ordinal);

    public static string Name(PolicyStatementFacts statement, int index) => statement.Sid is { Length: > 0 } sid ? $"statement \"{sid}\"" : $"statement {index + 1}";

    /// <summary>Reads a policy document (an endpoint policy, say) into statements; null when it is not a policy.</summary>
    public static IReadOnlyList<PolicyStatementFacts>? Parse(string document)
    {
        try
        {
            using var json = JsonDocument.Parse(document);
            if (!json.RootElement.TryGetProperty("Statement", out var statements))
            {
                return null;
            }

            var list = new List<PolicyStatementFacts>();
            foreach (var s in statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray() : Enumerable.Repeat(statements, 1))
            {
                if (s.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }

                list.Add(new PolicyStatementFacts(
                    s.TryGetProperty("Sid", out var sid) && sid.ValueKind == JsonValueKind.String ? sid.GetString() : null,
                    s.TryGetProperty("Effect", out var effect) ? effect.GetString() ?? "" : "",
                    Principals(s),
                    Strings(s, "Action"),
                    Strings(s, "NotAction"),
                    Strings(s, "Resource"),
                    s.TryGetProperty("Condition", out var condition) ? condition.GetRawText() : null));
            }

            return list;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static IReadOnlyList<string> Strings(JsonElement statement, string name) =>
        statement.TryGetProperty(name, out var value) ? StringsOf(value) : [];

    private static IReadOnlyList<string> StringsOf(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? [value.GetString()!]
        : value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToArray()
        : [];

    private static IReadOnlyList<string> Principals(JsonElement statement)
    {
        if (!statement.TryGetProperty("Principal", out var principal))
        {
            return [];
        }

        if (principal.ValueKind == JsonValueKind.String)
        {
            return [principal.GetString()!];
        }

        return principal.ValueKind == JsonValueKind.Object
            ? principal.EnumerateObject().SelectMany(p => StringsOf(p.Value)).ToArray()
            : [];
    }
}
