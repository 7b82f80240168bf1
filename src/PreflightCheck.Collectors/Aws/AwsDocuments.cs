using System.Text.Json;
using PreflightCheck.Core.Facts;

namespace PreflightCheck.Collectors.Aws;

/// <summary>Reads IAM/Lambda policy documents into statements, as written (no evaluation here).</summary>
internal static class PolicyDocuments
{
    public static IReadOnlyList<PolicyStatementFacts>? Statements(string? document)
    {
        if (string.IsNullOrWhiteSpace(document))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(document);
            var statement = AwsWire.Obj(doc.RootElement, "Statement");
            var items = statement.ValueKind switch
            {
                JsonValueKind.Array => statement.EnumerateArray().ToArray(),
                JsonValueKind.Object => [statement],
                _ => [],
            };
            return items.Select(s => new PolicyStatementFacts(
                AwsWire.Str(s, "Sid"),
                AwsWire.Str(s, "Effect") ?? "",
                Principals(AwsWire.Obj(s, "Principal")),
                Values(AwsWire.Obj(s, "Action")),
                Values(AwsWire.Obj(s, "NotAction")),
                Values(AwsWire.Obj(s, "Resource")),
                AwsWire.Obj(s, "Condition") is { ValueKind: JsonValueKind.Object } c ? c.GetRawText() : null)).ToArray();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IReadOnlyList<string> Values(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => [e.GetString()!],
        JsonValueKind.Array => e.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToArray(),
        _ => [],
    };

    private static IReadOnlyList<string> Principals(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => [e.GetString()!],
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Values(p.Value)).ToArray(),
        _ => [],
    };
}

/// <summary>
/// The shape of a credentials provider's answer. Values are looked at only to say whether they are non-empty strings;
/// <see cref="TryExtract"/> is the one place that takes them out, for the in-memory <c>RegistryCredential</c>.
/// </summary>
internal static class PayloadShapes
{
    public static PayloadShapeFacts Describe(ReadOnlySpan<byte> payload)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(payload.ToArray());
        }
        catch (JsonException)
        {
            return new PayloadShapeFacts(false, null, [], false, false, false, []);
        }

        using (doc)
        {
            var root = doc.RootElement;
            var mistakes = new List<PayloadMistake>();
            var keys = root.ValueKind == JsonValueKind.Object ? root.EnumerateObject().Select(p => p.Name).ToArray() : [];
            if (root.ValueKind == JsonValueKind.String && LooksLikeJson(root.GetString()))
            {
                mistakes.Add(PayloadMistake.JsonInString);
            }

            if (root.ValueKind == JsonValueKind.Object)
            {
                if (keys.Contains("statusCode", StringComparer.OrdinalIgnoreCase) && keys.Contains("body", StringComparer.OrdinalIgnoreCase))
                {
                    mistakes.Add(PayloadMistake.StatusCodeBodyWrapper);
                }

                var credentials = AwsWire.Obj(root, "Credentials");
                var lowerCase = keys.Any(k => k.Equals("credentials", StringComparison.OrdinalIgnoreCase) && k != "Credentials")
                    || (credentials.ValueKind == JsonValueKind.Object && credentials.EnumerateObject().Any(p =>
                        (p.Name.Equals("username", StringComparison.OrdinalIgnoreCase) && p.Name != "Username")
                        || (p.Name.Equals("password", StringComparison.OrdinalIgnoreCase) && p.Name != "Password")));
                if (lowerCase)
                {
                    mistakes.Add(PayloadMistake.LowerCaseKeys);
                }

                if (credentials.ValueKind != JsonValueKind.Object
                    && keys.Any(k => k.Equals("Username", StringComparison.OrdinalIgnoreCase) || k.Equals("Password", StringComparison.OrdinalIgnoreCase)))
                {
                    mistakes.Add(PayloadMistake.MissingCredentialsWrapper);
                }

                return new PayloadShapeFacts(true, Kind(root), keys, credentials.ValueKind == JsonValueKind.Object,
                    NonEmpty(credentials, "Username"), NonEmpty(credentials, "Password"), mistakes);
            }

            return new PayloadShapeFacts(true, Kind(root), keys, false, false, false, mistakes);
        }
    }

    /// <summary>The username and password when the answer has exactly the shape SageMaker reads; null otherwise.</summary>
    public static (string Username, string Password)? TryExtract(ReadOnlySpan<byte> payload)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload.ToArray());
            var credentials = AwsWire.Obj(doc.RootElement, "Credentials");
            var username = AwsWire.Str(credentials, "Username");
            var password = AwsWire.Str(credentials, "Password");
            return string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password) ? null : (username, password);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The <c>errorType</c> of a function error answer; its message could echo a secret and is not kept.</summary>
    public static string? ErrorType(ReadOnlySpan<byte> payload)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload.ToArray());
            return AwsWire.Str(doc.RootElement, "errorType");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether an error payload is Lambda's own "Task timed out after N seconds" (errorType Sandbox.Timedout on newer
    /// runtimes): the function ran out of its configured time, as opposed to raising an error.
    /// </summary>
    public static bool IsFunctionTimeout(ReadOnlySpan<byte> payload)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload.ToArray());
            return AwsWire.Str(doc.RootElement, "errorType") == "Sandbox.Timedout"
                || AwsWire.Str(doc.RootElement, "errorMessage")?.Contains("Task timed out after", StringComparison.Ordinal) == true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool NonEmpty(JsonElement obj, string name) => AwsWire.Str(obj, name) is { Length: > 0 };

    private static bool LooksLikeJson(string? text)
    {
        var t = text?.Trim();
        if (t is null || t.Length < 2 || (t[0] != '{' && t[0] != '['))
        {
            return false;
        }

        try
        {
            using var _ = JsonDocument.Parse(t);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
