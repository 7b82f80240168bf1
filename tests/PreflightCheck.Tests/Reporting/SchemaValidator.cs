using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using PreflightCheck.Reporting;

namespace PreflightCheck.Tests.Reporting;

internal static class SchemaValidator
{
    private static readonly EvaluationOptions Options = new()
    {
        OutputFormat = OutputFormat.List,
        RequireFormatValidation = true,
    };

    private static readonly Lazy<JsonSchema> ReportSchemaLazy = new(() => JsonSchema.FromText(PreflightCheck.Reporting.ReportSchema.Text()));

    private static readonly Lazy<JsonSchema> SarifSchemaLazy = new(LoadSarifSchema);

    public static JsonSchema Report => ReportSchemaLazy.Value;

    public static JsonSchema Sarif => SarifSchemaLazy.Value;

    /// <summary>Returns the validation errors, one per line; empty when the instance is valid.</summary>
    public static IReadOnlyList<string> Errors(JsonSchema schema, string json)
    {
        using var document = JsonDocument.Parse(json);
        var results = schema.Evaluate(document.RootElement, Options);
        if (results.IsValid)
        {
            return [];
        }

        var errors = new List<string>();
        foreach (var detail in (results.Details ?? []).Prepend(results))
        {
            if (detail.Errors is null)
            {
                continue;
            }

            foreach (var (keyword, message) in detail.Errors)
            {
                errors.Add($"{detail.InstanceLocation} ({detail.EvaluationPath}) {keyword}: {message}");
            }
        }

        return errors.Count > 0 ? errors : ["invalid, with no error detail"];
    }

    /// <summary>
    /// The official SARIF schema declares draft-04, which JsonSchema.Net 8 does not implement. The schema uses no keyword whose
    /// meaning changed after draft-04 (no exclusiveMinimum/Maximum, no dependencies), so it is evaluated as draft-07,
    /// without its draft-04 <c>id</c> (every reference in it is local, and JsonSchema.Net refuses to register it twice).
    /// </summary>
    private static JsonSchema LoadSarifSchema()
    {
        var text = File.ReadAllText(TestPaths.ReportingFile(Path.Combine("Schemas", "sarif-schema-2.1.0.json")));
        var node = JsonNode.Parse(text)!.AsObject();
        if (node["$schema"]?.GetValue<string>() != "http://json-schema.org/draft-04/schema#")
        {
            throw new InvalidOperationException("the SARIF schema copy is not the draft-04 file this loader expects");
        }

        if (text.Contains("exclusiveM", StringComparison.Ordinal) || text.Contains("\"dependencies\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the SARIF schema uses a keyword whose meaning differs between draft-04 and draft-07");
        }

        node["$schema"] = "http://json-schema.org/draft-07/schema#";
        node.Remove("id");
        return JsonSchema.FromText(node.ToJsonString());
    }
}
