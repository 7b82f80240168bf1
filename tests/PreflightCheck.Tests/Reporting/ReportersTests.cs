using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Reports;
using PreflightCheck.Core.Rules;
using PreflightCheck.Reporting;

namespace PreflightCheck.Tests.Reporting;

public sealed class ReportersTests
{
    [Fact]
    public void All_WhenListed_HasTheFiveFormatsWithDistinctExtensions()
    {
        Assert.Equal(["console", "json", "sarif", "junit", "markdown"], Reporters.All.Select(r => r.Name));
        Assert.Equal(Reporters.All.Count, Reporters.All.Select(r => r.Extension).Distinct().Count());
    }

    [Theory]
    [InlineData("sarif", "sarif")]
    [InlineData("JSON", "json")]
    [InlineData("markdown", "markdown")]
    public void TryGet_WhenNameKnown_ReturnsReporter(string name, string expected)
    {
        Assert.True(Reporters.TryGet(name, out var reporter));
        Assert.Equal(expected, reporter.Name);
    }

    [Theory]
    [InlineData("xml")]
    [InlineData("")]
    public void TryGet_WhenNameUnknown_ReturnsFalse(string name) =>
        Assert.False(Reporters.TryGet(name, out _));

    [Fact]
    public void Write_WhenAnyFormat_UsesLineFeedsAndIsDeterministic()
    {
        foreach (var reporter in Reporters.All)
        {
            var first = Render(reporter);
            Assert.DoesNotContain('\r', first);
            Assert.EndsWith("\n", first, StringComparison.Ordinal);
            Assert.Equal(first, Render(reporter));
        }
    }

    [Fact]
    public void Write_WhenAnyFormat_NeverWritesTheGenerationTimeExceptJUnit()
    {
        foreach (var reporter in Reporters.All.Where(r => r.Name != "junit"))
        {
            Assert.DoesNotContain("2026-03-04", Render(reporter), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Write_WhenReportHasNoResults_WritesValidOutputInEveryFormat()
    {
        var empty = SampleReport.Build([new PlanInfo("request.json", null, "m", null)], []);
        var outputs = Reporters.All.ToDictionary(r => r.Name, r => Render(r, empty));
        Assert.Empty(SchemaValidator.Errors(SchemaValidator.Report, outputs["json"]));
        Assert.Empty(SchemaValidator.Errors(SchemaValidator.Sarif, outputs["sarif"]));
        Assert.Equal("0", (string)System.Xml.Linq.XDocument.Parse(outputs["junit"]).Root!.Attribute("tests")!);
        Assert.Contains("No rule produced a result.", outputs["console"], StringComparison.Ordinal);
        Assert.StartsWith("# Preflight passed", outputs["markdown"], StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WhenTextHasUnpairedSurrogateAndControlCharacters_StillWritesParseableOutput()
    {
        var report = SampleReport.Build(
            [new PlanInfo("request.json", null, "m", null)],
            [SampleReport.R(SampleReport.Cfg001, Outcome.Fail, "m", "container \uD800A", "bad \uDC00 text \u0000\u0007\u001b[2J\r\nend",
                new Dictionary<string, string> { ["k\u0001"] = "v\uD83D" })]);
        var outputs = Reporters.All.ToDictionary(r => r.Name, r => Render(r, report));
        Assert.Empty(SchemaValidator.Errors(SchemaValidator.Report, outputs["json"]));
        Assert.Empty(SchemaValidator.Errors(SchemaValidator.Sarif, outputs["sarif"]));
        System.Xml.Linq.XDocument.Parse(outputs["junit"]);
        foreach (var name in new[] { "console", "markdown", "junit" })
        {
            Assert.DoesNotContain('\u0000', outputs[name]);
            Assert.DoesNotContain("\u001b[2J", outputs[name], StringComparison.Ordinal);
            Assert.DoesNotContain('\uD800', outputs[name]);
        }
    }

    private static string Render(IReporter reporter, Report? report = null)
    {
        using var writer = new StringWriter();
        reporter.Write(report ?? SampleReport.TwoModels(), new ReporterOptions(Color: true), writer);
        return writer.ToString();
    }
}
