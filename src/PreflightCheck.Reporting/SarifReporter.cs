using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Reports;
using PreflightCheck.Core.Rules;
using PreflightCheck.Reporting.Sarif;

namespace PreflightCheck.Reporting;

/// <summary>SARIF 2.1.0 for code scanning: one run, one rule descriptor per evaluated rule, one result per rule result, passes included.</summary>
internal sealed class SarifReporter : IReporter
{
    public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    // Where users read about the tool; change with the project's home.
    public const string InformationUri = "https://github.com/preflightcheck/preflight";

    public const string FingerprintKey = "preflight/v1";

    public const string SourceRoot = "%SRCROOT%";

    public string Name => "sarif";

    public string Extension => "sarif";

    public void Write(Report report, ReporterOptions options, TextWriter writer)
    {
        var log = Build(report);
        JsonOutput.WriteStream(writer, stream => JsonSerializer.Serialize(stream, log, Streaming.SarifLog));
    }

    // Serializing to a stream lets System.Text.Json flush as it goes; the writer settings are JsonOutput's.
    private static readonly SarifJsonContext Streaming = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = JsonOutput.WriterOptions.Indented,
        NewLine = JsonOutput.WriterOptions.NewLine,
        Encoder = JsonOutput.WriterOptions.Encoder,
    });

    public static SarifLog Build(Report report)
    {
        var rules = new List<RuleMetadata>();
        var indexById = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rule in report.RulesEvaluated.Concat(report.Results.Select(r => r.Rule)))
        {
            if (indexById.TryAdd(rule.Id, rules.Count))
            {
                rules.Add(rule);
            }
        }

        // Built while serializing, one at a time: a scan's fifty thousand results never exist as SARIF objects at once.
        var results = report.Results.Select(r => Result(r, indexById[r.RuleId]));
        var anyRelative = report.Results.Any(r => r.Location is { } l && !IsAbsolute(l.File));
        var baseIds = anyRelative
            ? new Dictionary<string, SarifArtifactLocation>(StringComparer.Ordinal)
            {
                [SourceRoot] = new(null, null, new SarifMessage("The directory the input paths are relative to: where preflight ran.")),
            }
            : null;

        var driver = new SarifDriver(
            report.Tool.Name,
            report.Tool.Version,
            report.Tool.Version,
            InformationUri,
            rules.Select(Descriptor).ToArray());
        return new SarifLog(SchemaUri, "2.1.0", [new SarifRun(new SarifTool(driver), baseIds, results, "utf16CodeUnits")]);
    }

    private static SarifReportingDescriptor Descriptor(RuleMetadata rule)
    {
        var tags = rule.Tags.Distinct(StringComparer.Ordinal).ToArray();
        return new SarifReportingDescriptor(
            rule.Id,
            rule.Name,
            new SarifMessage(rule.Title),
            new SarifMessage(rule.Summary),
            new SarifMultiformatMessage(rule.Markdown, rule.Markdown),
            new SarifConfiguration(ReportText.Name(rule.Level)),
            new SarifRuleProperties(tags, rule.IsSecurity ? SecuritySeverity(rule.Level) : null));
    }

    // GitHub maps security-severity to critical/high/medium/low at 9.0/7.0/4.0/0.1.
    private static string SecuritySeverity(Level level) => level switch
    {
        Level.Error => "7.0",
        Level.Warning => "4.0",
        _ => "2.0",
    };

    private static SarifResult Result(RuleResult result, int ruleIndex)
    {
        var kind = result.Outcome switch
        {
            Outcome.Pass => "pass",
            Outcome.Fail => "fail",
            Outcome.NotApplicable => "notApplicable",
            _ => "open",
        };

        var level = result.Outcome == Outcome.Fail ? ReportText.Name(result.Level) : "none";
        var location = result.Location is { } l
            ? new SarifLocation(new SarifPhysicalLocation(ArtifactLocation(l), new SarifRegion(l.Line, l.Column)), null)
            : new SarifLocation(null, [new SarifLogicalLocation(result.Target, $"{result.Resource ?? result.Model}/{result.Target}", "resource")]);

        return new SarifResult(
            result.RuleId,
            ruleIndex,
            kind,
            level,
            new SarifMessage(result.Message),
            [location],
            new SortedDictionary<string, string>(StringComparer.Ordinal) { [FingerprintKey] = Fingerprint(result) },
            new SarifResultProperties(
                ReportText.Name(result.Outcome),
                result.Model,
                new SortedDictionary<string, string>(result.Evidence.ToDictionary(), StringComparer.Ordinal),
                result.Resource),
            result.Suppression is { } s ? [new SarifSuppression("external", s.Justification, "accepted")] : null);
    }

    public static string Fingerprint(RuleResult result)
    {
        // The resource joins the key only where it differs from the model name, so the fingerprints of other results stay as they were.
        var resource = result.Resource is null || result.Resource == result.Model ? "" : "|" + result.Resource;
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{result.RuleId}|{result.Model}|{result.Target}{resource}"));
        return Convert.ToHexStringLower(bytes);
    }

    private static SarifArtifactLocation ArtifactLocation(SourceLocation location)
    {
        var path = location.File.Replace('\\', '/');
        if (IsAbsolute(location.File))
        {
            return new SarifArtifactLocation(new Uri(location.File).AbsoluteUri, null);
        }

        var segments = path.Split('/').Select(Uri.EscapeDataString);
        return new SarifArtifactLocation(string.Join('/', segments), SourceRoot);
    }

    private static bool IsAbsolute(string file) =>
        file.StartsWith('/') || file.StartsWith('\\') || (file.Length > 2 && file[1] == ':' && char.IsAsciiLetter(file[0]));
}
