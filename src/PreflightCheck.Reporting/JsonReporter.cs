using System.Text.Json;
using PreflightCheck.Core.Reports;

namespace PreflightCheck.Reporting;

/// <summary>The versioned JSON contract other tools read (DESIGN.md "JSON report"; schema in Schemas/report.schema.json).</summary>
internal sealed class JsonReporter : IReporter
{
    public string Name => "json";

    public string Extension => "json";

    public void Write(Report report, ReporterOptions options, TextWriter writer) =>
        JsonOutput.Write(writer, json => WriteReport(json, report));

    private static void WriteReport(Utf8JsonWriter json, Report report)
    {
        json.WriteStartObject();
        json.WriteString("schemaVersion", Report.SchemaVersion);

        json.WriteStartObject("tool");
        json.WriteString("name", report.Tool.Name);
        json.WriteString("version", report.Tool.Version);
        if (report.Tool.PublicRoots is { } roots)
        {
            json.WriteStartObject("publicRoots");
            json.WriteString("name", roots.Label);
            json.WriteString("source", roots.Source);
            if (roots.Date is not null)
            {
                json.WriteString("date", roots.Date);
            }

            json.WriteNumber("count", roots.Count);
            json.WriteEndObject();
        }

        json.WriteEndObject();

        if (report.Plans.Count == 1)
        {
            json.WritePropertyName("plan");
            WritePlan(json, report.Plans[0]);
        }
        else
        {
            json.WriteStartArray("plans");
            foreach (var plan in report.Plans)
            {
                WritePlan(json, plan);
            }

            json.WriteEndArray();
        }

        var s = report.Summary;
        json.WriteStartObject("summary");
        json.WriteNumber("pass", s.Pass);
        json.WriteNumber("fail", s.Fail);
        json.WriteNumber("unknown", s.Unknown);
        json.WriteNumber("notApplicable", s.NotApplicable);
        json.WriteNumber("suppressed", s.Suppressed);
        json.WriteNumber("error", s.Error);
        json.WriteEndObject();

        json.WriteStartArray("results");
        foreach (var result in report.Results)
        {
            WriteResult(json, result);
            JsonOutput.FlushIfLarge(json);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WritePlan(Utf8JsonWriter json, PlanInfo plan)
    {
        json.WriteStartObject();
        json.WriteString("source", plan.Source);
        if (plan.Region is null)
        {
            json.WriteNull("region");
        }
        else
        {
            json.WriteString("region", plan.Region);
        }

        json.WriteString("model", plan.Model);
        if (plan.Resource is not null)
        {
            json.WriteString("resource", plan.Resource);
        }

        if (plan.Endpoint is not null)
        {
            json.WriteString("endpoint", plan.Endpoint);
        }

        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, RuleResult result)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", result.RuleId);
        json.WriteString("name", result.Rule.Name);
        json.WriteString("level", ReportText.Name(result.Level));
        json.WriteString("outcome", ReportText.Name(result.Outcome));
        json.WriteString("model", result.Model);
        if (result.Resource is not null)
        {
            json.WriteString("resource", result.Resource);
        }

        if (result.Endpoint is not null)
        {
            json.WriteString("endpoint", result.Endpoint);
        }

        json.WriteString("target", result.Target);
        json.WriteString("message", result.Message);

        json.WriteStartObject("evidence");
        foreach (var (key, value) in result.Evidence.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();

        if (result.Location is { } location)
        {
            json.WriteStartObject("location");
            json.WriteString("file", location.File);
            json.WriteNumber("line", location.Line);
            json.WriteNumber("column", location.Column);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("location");
        }

        if (result.Suppression is { } suppression)
        {
            json.WriteStartObject("suppression");
            json.WriteString("justification", suppression.Justification);
            if (suppression.Expires is null)
            {
                json.WriteNull("expires");
            }
            else
            {
                json.WriteString("expires", suppression.Expires);
            }

            json.WriteString("source", suppression.Source);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("suppression");
        }

        json.WriteEndObject();
    }
}
