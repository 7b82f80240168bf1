using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalTests;
using ApprovalTests.Reporters;
using PreflightCheck.Core.Reports;
using PreflightCheck.Reporting;

namespace PreflightCheck.Tests.Reporting;

[UseReporter(typeof(QuietReporter))]
public sealed class JsonReporterTests
{
    private static string Render(Report report)
    {
        using var writer = new StringWriter();
        new JsonReporter().Write(report, new ReporterOptions(), writer);
        return writer.ToString();
    }

    [Fact]
    public void Write_WhenTwoModels_MatchesApproved() =>
        Approvals.Verify(SampleReport.Scrub(Render(SampleReport.TwoModels())));

    [Fact]
    public void Write_WhenTwoModels_ValidatesAgainstSchema()
    {
        var errors = SchemaValidator.Errors(SchemaValidator.Report, Render(SampleReport.TwoModels()));
        Assert.Empty(errors);
    }

    [Fact]
    public void Write_WhenOneModel_WritesPlanObjectAndValidates()
    {
        var json = Render(SampleReport.OneModel());
        Assert.Empty(SchemaValidator.Errors(SchemaValidator.Report, json));
        var root = JsonNode.Parse(json)!.AsObject();
        Assert.False(root.ContainsKey("plans"));
        Assert.Equal("eu-west-1", root["plan"]!["region"]!.GetValue<string>());
        Assert.False(root["plan"]!.AsObject().ContainsKey("endpoint"));
        Assert.Equal(1, root["summary"]!["fail"]!.GetValue<int>());
        Assert.Equal(1, root["summary"]!["pass"]!.GetValue<int>());
    }

    [Fact]
    public void Write_WhenThePublicRootSetIsKnown_WritesItInTheToolSectionAndValidates()
    {
        var report = SampleReport.OneModel() with { Tool = new ToolInfo("preflight", "1.2.3", new RootSetInfo("mozilla", "Mozilla NSS certdata.txt via Debian ca-certificates 20230311+deb12u1", "2025-06-13", 142)) };

        var json = Render(report);

        Assert.Empty(SchemaValidator.Errors(SchemaValidator.Report, json));
        var roots = JsonNode.Parse(json)!["tool"]!["publicRoots"]!;
        Assert.Equal(("mozilla", "2025-06-13", 142), (roots["name"]!.GetValue<string>(), roots["date"]!.GetValue<string>(), roots["count"]!.GetValue<int>()));
        Assert.StartsWith("Mozilla NSS", roots["source"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WhenTheRootSetIsAFileWithoutDate_OmitsTheDateAndValidates()
    {
        var report = SampleReport.OneModel() with { Tool = new ToolInfo("preflight", "1.2.3", new RootSetInfo("--public-roots corp.pem", "corp.pem", null, 3)) };

        var json = Render(report);

        Assert.Empty(SchemaValidator.Errors(SchemaValidator.Report, json));
        Assert.False(JsonNode.Parse(json)!["tool"]!["publicRoots"]!.AsObject().ContainsKey("date"));
    }

    [Fact]
    public void Schema_WhenOutcomeIsNotInTheEnum_RejectsReport()
    {
        var root = JsonNode.Parse(Render(SampleReport.TwoModels()))!;
        root["results"]![0]!["outcome"] = "passed";
        var errors = SchemaValidator.Errors(SchemaValidator.Report, root.ToJsonString());
        Assert.Contains(errors, e => e.StartsWith("/results/0/outcome", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/results/0", "extra", "x")]
    [InlineData("/summary", "skipped", "1")]
    [InlineData("", "plan", "{}")]
    public void Schema_WhenReportHasAnUnknownOrConflictingMember_RejectsReport(string path, string member, string valueJson)
    {
        var root = JsonNode.Parse(Render(SampleReport.TwoModels()))!;
        var target = path.Length == 0 ? root : path == "/summary" ? root["summary"]! : root["results"]![0]!;
        target[member] = JsonNode.Parse(valueJson.StartsWith('{') || char.IsDigit(valueJson[0]) ? valueJson : $"\"{valueJson}\"");
        Assert.NotEmpty(SchemaValidator.Errors(SchemaValidator.Report, root.ToJsonString()));
    }

    [Fact]
    public void Write_WhenResultsGiven_KeepsOrderAndSortsEvidenceKeys()
    {
        var report = SampleReport.TwoModels();
        using var document = JsonDocument.Parse(Render(report));
        var results = document.RootElement.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(report.Results.Select(r => r.RuleId + "|" + r.Model + "|" + r.Target),
            results.Select(r => r.GetProperty("ruleId").GetString() + "|" + r.GetProperty("model").GetString() + "|" + r.GetProperty("target").GetString()));
        foreach (var result in results)
        {
            var keys = result.GetProperty("evidence").EnumerateObject().Select(p => p.Name).ToArray();
            Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        }
    }

    [Fact]
    public void Write_WhenMessageHasSpecialCharacters_RoundTripsExactly()
    {
        var report = SampleReport.TwoModels();
        using var document = JsonDocument.Parse(Render(report));
        var messages = document.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("message").GetString()).ToArray();
        Assert.Contains(SampleReport.Awkward, messages);
        var evidence = document.RootElement.GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("message").GetString() == SampleReport.Awkward).GetProperty("evidence");
        Assert.Equal("esc\u001b[31mred", evidence.GetProperty("note").GetString());
    }

    [Fact]
    public void Write_WhenSuppressedAndEndpointSet_WritesThem()
    {
        using var document = JsonDocument.Parse(Render(SampleReport.TwoModels()));
        var results = document.RootElement.GetProperty("results").EnumerateArray().ToArray();
        var suppressed = Assert.Single(results, r => r.GetProperty("suppression").ValueKind == JsonValueKind.Object);
        Assert.Equal("2026-12-31", suppressed.GetProperty("suppression").GetProperty("expires").GetString());
        Assert.False(suppressed.TryGetProperty("endpoint", out _));
        Assert.Contains(results, r => r.TryGetProperty("endpoint", out var e) && e.GetString() == "vpc-endpoint");
        Assert.Equal(1, document.RootElement.GetProperty("summary").GetProperty("suppressed").GetInt32());
    }

    [Fact]
    public void Write_WhenResultsComeFromTemplateResources_WritesTheirLogicalIdsAndValidates()
    {
        var sample = SampleReport.TwoModels();
        var report = sample with
        {
            Plans = sample.Plans.Select((p, i) => p with { Resource = $"Model{i}" }).ToArray(),
            Results = sample.Results.Select((r, i) => r with { Resource = i == 0 ? "BlueModel" : null }).ToArray(),
        };

        var json = Render(report);

        Assert.Empty(SchemaValidator.Errors(SchemaValidator.Report, json));
        using var document = JsonDocument.Parse(json);
        var results = document.RootElement.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal("BlueModel", results[0].GetProperty("resource").GetString());
        Assert.False(results[1].TryGetProperty("resource", out _));
        Assert.Equal(["Model0", "Model1"], document.RootElement.GetProperty("plans").EnumerateArray().Select(p => p.GetProperty("resource").GetString()));
    }

    [Fact]
    public void Write_WhenCalledTwice_ProducesIdenticalText() =>
        Assert.Equal(Render(SampleReport.TwoModels()), Render(SampleReport.TwoModels()));
}
