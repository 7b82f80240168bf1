using System.Text.Json.Serialization;

namespace PreflightCheck.Reporting.Sarif;

// A small subset of the SARIF 2.1.0 object model: only what preflight emits. Nulls are omitted.

internal sealed record SarifLog(
    [property: JsonPropertyName("$schema")] string Schema,
    string Version,
    IReadOnlyList<SarifRun> Runs);

internal sealed record SarifRun(
    SarifTool Tool,
    IReadOnlyDictionary<string, SarifArtifactLocation>? OriginalUriBaseIds,
    IEnumerable<SarifResult> Results,
    string ColumnKind);

internal sealed record SarifTool(SarifDriver Driver);

internal sealed record SarifDriver(
    string Name,
    string Version,
    string SemanticVersion,
    string InformationUri,
    IReadOnlyList<SarifReportingDescriptor> Rules);

internal sealed record SarifReportingDescriptor(
    string Id,
    string Name,
    SarifMessage ShortDescription,
    SarifMessage FullDescription,
    SarifMultiformatMessage Help,
    SarifConfiguration DefaultConfiguration,
    SarifRuleProperties Properties);

internal sealed record SarifMessage(string Text);

internal sealed record SarifMultiformatMessage(string Text, string Markdown);

internal sealed record SarifConfiguration(string Level);

internal sealed record SarifRuleProperties(
    IReadOnlyList<string> Tags,
    [property: JsonPropertyName("security-severity")] string? SecuritySeverity);

internal sealed record SarifResult(
    string RuleId,
    int RuleIndex,
    string Kind,
    string Level,
    SarifMessage Message,
    IReadOnlyList<SarifLocation> Locations,
    IReadOnlyDictionary<string, string> PartialFingerprints,
    SarifResultProperties Properties,
    IReadOnlyList<SarifSuppression>? Suppressions);

internal sealed record SarifLocation(
    SarifPhysicalLocation? PhysicalLocation,
    IReadOnlyList<SarifLogicalLocation>? LogicalLocations);

internal sealed record SarifPhysicalLocation(SarifArtifactLocation ArtifactLocation, SarifRegion? Region);

internal sealed record SarifArtifactLocation(
    string? Uri,
    string? UriBaseId,
    SarifMessage? Description = null);

internal sealed record SarifRegion(int StartLine, int StartColumn);

internal sealed record SarifLogicalLocation(string Name, string FullyQualifiedName, string Kind);

internal sealed record SarifResultProperties(
    string Outcome,
    string Model,
    IReadOnlyDictionary<string, string> Evidence,
    string? Resource = null);

internal sealed record SarifSuppression(string Kind, string Justification, string Status);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SarifLog))]
internal sealed partial class SarifJsonContext : JsonSerializerContext;
