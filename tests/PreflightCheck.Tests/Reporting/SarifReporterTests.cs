using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalTests;
using ApprovalTests.Reporters;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Reports;
using PreflightCheck.Core.Rules;
using PreflightCheck.Reporting;

namespace PreflightCheck.Tests.Reporting;

[UseReporter(typeof(QuietReporter))]
public sealed class SarifReporterTests
{
    internal static string Render(Report report)
    {
        using var writer = new StringWriter();
        new SarifReporter().Write(report, new ReporterOptions(), writer);
        return writer.ToString();
    }

    private static JsonElement[] Results(JsonDocument document) =>
        document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToArray();

    [Fact]
    public void Write_WhenTwoModels_MatchesApproved() =>
        Approvals.Verify(SampleReport.Scrub(Render(SampleReport.TwoModels())));

    [Fact]
    public void Write_WhenTwoModels_ValidatesAgainstOfficialSchema() =>
        Assert.Empty(SchemaValidator.Errors(SchemaValidator.Sarif, Render(SampleReport.TwoModels())));

    [Fact]
    public void Write_WhenOneModel_ValidatesAgainstOfficialSchema() =>
        Assert.Empty(SchemaValidator.Errors(SchemaValidator.Sarif, Render(SampleReport.OneModel())));

    [Theory]
    [InlineData("kind", "\"failed\"")]
    [InlineData("level", "\"critical\"")]
    [InlineData("ruleIndex", "-2")]
    [InlineData("unexpected", "true")]
    public void OfficialSchema_WhenResultIsBroken_RejectsLog(string member, string valueJson)
    {
        var root = JsonNode.Parse(Render(SampleReport.TwoModels()))!;
        root["runs"]![0]!["results"]![0]![member] = JsonNode.Parse(valueJson);
        Assert.NotEmpty(SchemaValidator.Errors(SchemaValidator.Sarif, root.ToJsonString()));
    }

    [Fact]
    public void OfficialSchema_WhenResultLacksMessage_RejectsLog()
    {
        var root = JsonNode.Parse(Render(SampleReport.TwoModels()))!;
        root["runs"]![0]!["results"]![0]!.AsObject().Remove("message");
        var errors = SchemaValidator.Errors(SchemaValidator.Sarif, root.ToJsonString());
        Assert.Contains(errors, e => e.Contains("/runs/0/results/0", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Pass", "pass", "none")]
    [InlineData("Fail", "fail", "warning")]
    [InlineData("Unknown", "open", "none")]
    [InlineData("Error", "open", "none")]
    [InlineData("NotApplicable", "notApplicable", "none")]
    public void Write_WhenOutcomeGiven_MapsKindAndLevel(string outcomeName, string kind, string level)
    {
        var outcome = Enum.Parse<Outcome>(outcomeName);
        var report = SampleReport.Build(
            [new PlanInfo("request.json", "us-east-1", "m", null)],
            [SampleReport.R(SampleReport.Tls007, outcome, "m", "https r:443", "msg")]);
        using var document = JsonDocument.Parse(Render(report));
        var result = Assert.Single(Results(document));
        Assert.Equal(kind, result.GetProperty("kind").GetString());
        Assert.Equal(level, result.GetProperty("level").GetString());
        Assert.Equal(ReportText.Name(outcome), result.GetProperty("properties").GetProperty("outcome").GetString());
    }

    [Fact]
    public void Write_WhenRulesEvaluated_DescribesEachWithHelpAndIndexesResults()
    {
        var report = SampleReport.TwoModels();
        using var document = JsonDocument.Parse(Render(report));
        var driver = document.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver");
        var rules = driver.GetProperty("rules").EnumerateArray().ToArray();
        Assert.Equal(report.RulesEvaluated.Select(r => r.Id), rules.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal("preflight", driver.GetProperty("name").GetString());
        Assert.Equal(SampleReport.ToolVersion, driver.GetProperty("semanticVersion").GetString());

        var tls = rules.Single(r => r.GetProperty("id").GetString() == "PFC-TLS-007");
        Assert.Equal("tls-protocol-version", tls.GetProperty("name").GetString());
        Assert.Equal("TLS 1.2 or newer", tls.GetProperty("shortDescription").GetProperty("text").GetString());
        Assert.Equal(SampleReport.Tls007.Markdown, tls.GetProperty("help").GetProperty("markdown").GetString());
        Assert.Equal("warning", tls.GetProperty("defaultConfiguration").GetProperty("level").GetString());
        Assert.Contains("security", tls.GetProperty("properties").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("4.0", tls.GetProperty("properties").GetProperty("security-severity").GetString());

        var reg010 = rules.Single(r => r.GetProperty("id").GetString() == "PFC-REG-010");
        Assert.Equal("7.0", reg010.GetProperty("properties").GetProperty("security-severity").GetString());
        var cfg = rules.Single(r => r.GetProperty("id").GetString() == "PFC-CFG-001");
        Assert.False(cfg.GetProperty("properties").TryGetProperty("security-severity", out _));

        foreach (var result in Results(document))
        {
            var index = result.GetProperty("ruleIndex").GetInt32();
            Assert.Equal(result.GetProperty("ruleId").GetString(), rules[index].GetProperty("id").GetString());
        }
    }

    [Fact]
    public void Write_WhenLocationKnownOrNot_UsesPhysicalOrLogicalLocation()
    {
        using var document = JsonDocument.Parse(Render(SampleReport.TwoModels()));
        var results = Results(document);

        var windowsPath = results.Single(r => r.GetProperty("message").GetProperty("text").GetString()!.StartsWith("Container Primary", StringComparison.Ordinal));
        var physical = windowsPath.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("deploy/other%20request.json", physical.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("%SRCROOT%", physical.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        Assert.Equal(12, physical.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal(30, physical.GetProperty("region").GetProperty("startColumn").GetInt32());

        var unknown = results.Single(r => r.GetProperty("ruleId").GetString() == "PFC-REG-003");
        var location = unknown.GetProperty("locations")[0];
        Assert.False(location.TryGetProperty("physicalLocation", out _));
        var logical = location.GetProperty("logicalLocations")[0];
        Assert.Equal("registry registry.example.com", logical.GetProperty("name").GetString());
        Assert.Equal("vpc-model/registry registry.example.com", logical.GetProperty("fullyQualifiedName").GetString());
        Assert.Equal("resource", logical.GetProperty("kind").GetString());
    }

    [Fact]
    public void Write_WhenLocationIsAbsolute_WritesFileUriWithoutBase()
    {
        var report = SampleReport.Build(
            [new PlanInfo("/abs/request.json", null, "m", null)],
            [SampleReport.R(SampleReport.Cfg001, Outcome.Fail, "m", "container A", "msg", location: new SourceLocation("/abs/request.json", 3, 4))]);
        var json = Render(report);
        Assert.Empty(SchemaValidator.Errors(SchemaValidator.Sarif, json));
        using var document = JsonDocument.Parse(json);
        var artifact = Results(document)[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation");
        Assert.Equal("file:///abs/request.json", artifact.GetProperty("uri").GetString());
        Assert.False(artifact.TryGetProperty("uriBaseId", out _));
        Assert.False(document.RootElement.GetProperty("runs")[0].TryGetProperty("originalUriBaseIds", out _));
    }

    [Fact]
    public void Write_WhenResultsGiven_FingerprintIsSha256OfRuleModelTarget()
    {
        var report = SampleReport.TwoModels();
        using var document = JsonDocument.Parse(Render(report));
        var results = Results(document);
        for (var i = 0; i < results.Length; i++)
        {
            var r = report.Results[i];
            var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{r.RuleId}|{r.Model}|{r.Target}")));
            Assert.Equal(expected, results[i].GetProperty("partialFingerprints").GetProperty("preflight/v1").GetString());
        }

        Assert.Equal(results.Length, results.Select(r => r.GetProperty("partialFingerprints").GetProperty("preflight/v1").GetString()).Distinct().Count());
    }

    [Fact]
    public void Write_WhenSuppressed_AddsAcceptedExternalSuppression()
    {
        using var document = JsonDocument.Parse(Render(SampleReport.TwoModels()));
        var suppressed = Assert.Single(Results(document), r => r.TryGetProperty("suppressions", out _));
        var suppression = Assert.Single(suppressed.GetProperty("suppressions").EnumerateArray());
        Assert.Equal("external", suppression.GetProperty("kind").GetString());
        Assert.Equal("accepted", suppression.GetProperty("status").GetString());
        Assert.Equal("Pinned at release by the pipeline | ticket OPS-12", suppression.GetProperty("justification").GetString());
        Assert.Equal("fail", suppressed.GetProperty("kind").GetString());
        Assert.Equal("error", suppressed.GetProperty("level").GetString());
    }

    [Fact]
    public void Write_WhenMessageHasSpecialCharacters_RoundTripsExactly()
    {
        using var document = JsonDocument.Parse(Render(SampleReport.TwoModels()));
        Assert.Contains(Results(document), r => r.GetProperty("message").GetProperty("text").GetString() == SampleReport.Awkward);
    }
}
