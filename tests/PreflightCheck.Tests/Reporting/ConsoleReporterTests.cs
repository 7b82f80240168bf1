using ApprovalTests;
using ApprovalTests.Reporters;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Reports;
using PreflightCheck.Core.Rules;
using PreflightCheck.Reporting;

namespace PreflightCheck.Tests.Reporting;

[UseReporter(typeof(QuietReporter))]
public sealed class ConsoleReporterTests
{
    private static string Render(Report report, bool color = false)
    {
        using var writer = new StringWriter();
        new ConsoleReporter().Write(report, new ReporterOptions(Color: color), writer);
        return writer.ToString();
    }

    [Fact]
    public void Write_WhenTwoModelsWithoutColor_MatchesApproved() =>
        Approvals.Verify(SampleReport.Scrub(Render(SampleReport.TwoModels())));

    [Fact]
    public void Write_WhenOneModelWithColor_MatchesApproved() =>
        Approvals.Verify(SampleReport.Scrub(Render(SampleReport.OneModel(), color: true)).Replace("\u001b", "<ESC>", StringComparison.Ordinal));

    [Fact]
    public void Write_WhenColorOff_EmitsNoEscapeEvenForHostileText()
    {
        var text = Render(SampleReport.TwoModels());
        Assert.DoesNotContain('\u001b', text);
        Assert.Contains("esc\uFFFD[31mred", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WhenColorOn_ColoursOutcomesAndResets()
    {
        var text = Render(SampleReport.TwoModels(), color: true);
        Assert.Contains("\u001b[32mPASS   \u001b[0m", text, StringComparison.Ordinal);
        Assert.Contains("\u001b[1m\u001b[31mFAIL   \u001b[0m", text, StringComparison.Ordinal);
        Assert.Contains("\u001b[33mUNKNOWN\u001b[0m", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[31mred", text, StringComparison.Ordinal);
        Assert.Equal(Render(SampleReport.TwoModels()), StripAnsi(text));
    }

    [Fact]
    public void Write_WhenResultsSpanAreas_GroupsInCatalogueOrder()
    {
        var lines = Render(SampleReport.TwoModels()).Split('\n');
        var headings = lines.Where(l => l.Length == 3 && l.All(char.IsAsciiLetterUpper)).ToArray();
        Assert.Equal(["CFG", "IMG", "REG", "TLS", "NET", "LMB", "IAM"], headings);
    }

    [Fact]
    public void Write_WhenEveryOutcomePresent_ShowsEachResultWithWordAndEvidenceForProblems()
    {
        var text = Render(SampleReport.TwoModels());
        Assert.Contains("  PASS    PFC-REG-010 vpc-model / realm https://auth.example.com/token: The token realm is HTTPS", text, StringComparison.Ordinal);
        Assert.Contains("  N/A     PFC-LMB-008 ", text, StringComparison.Ordinal);
        Assert.Contains("  ERROR   PFC-NET-005 ", text, StringComparison.Ordinal);
        Assert.Contains("  UNKNOWN PFC-REG-003 ", text, StringComparison.Ordinal);
        Assert.Contains("  FAIL    PFC-TLS-007 [warning] ", text, StringComparison.Ordinal);
        Assert.Contains("            collection: Timeout", text, StringComparison.Ordinal);
        Assert.DoesNotContain("realm: https://auth.example.com/token", text, StringComparison.Ordinal);
        Assert.EndsWith("4 failed, 2 unknown, 1 error, 2 passed, 1 not applicable, 1 suppressed (11 results from 9 rules)\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WhenMessageHasNewline_IndentsTheContinuation()
    {
        var text = Render(SampleReport.TwoModels());
        Assert.Contains("\n            next line: Grüße, 日本, ✓\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WhenSingleModel_OmitsModelFromLines()
    {
        var report = SampleReport.Build(
            [new PlanInfo("request.json", null, "only", null)],
            [SampleReport.R(SampleReport.Cfg001, Outcome.Pass, "only", "container A", "fine")]);
        var text = Render(report);
        Assert.Contains("  PASS    PFC-CFG-001 container A: fine\n", text, StringComparison.Ordinal);
        Assert.Contains("region: (not set)", text, StringComparison.Ordinal);
    }

    private static string StripAnsi(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, "\u001b\\[[0-9;]*m", "");
}
