using ApprovalTests;
using ApprovalTests.Reporters;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Reports;
using PreflightCheck.Core.Rules;
using PreflightCheck.Reporting;

namespace PreflightCheck.Tests.Reporting;

[UseReporter(typeof(QuietReporter))]
public sealed class MarkdownReporterTests
{
    private static string Render(Report report)
    {
        using var writer = new StringWriter();
        new MarkdownReporter().Write(report, new ReporterOptions(), writer);
        return writer.ToString();
    }

    [Fact]
    public void Write_WhenTwoModels_MatchesApproved() =>
        Approvals.Verify(SampleReport.Scrub(Render(SampleReport.TwoModels())));

    [Fact]
    public void Write_WhenTwoModels_ListsProblemsBeforeFoldedPasses()
    {
        var text = Render(SampleReport.TwoModels());
        var attention = text.IndexOf("## Needs attention", StringComparison.Ordinal);
        var passed = text.IndexOf("<summary>Passed (2)</summary>", StringComparison.Ordinal);
        Assert.True(attention > 0 && passed > attention, text);
        Assert.Contains("| 4 | 2 | 1 | 2 | 1 | 1 |", text, StringComparison.Ordinal);
        var tls = text.IndexOf("| PFC-TLS-007", attention, StringComparison.Ordinal);
        var unknown = text.IndexOf("| PFC-IAM-002", attention, StringComparison.Ordinal);
        Assert.True(tls > 0 && unknown > tls, "failures come before unknowns");
        Assert.True(text.IndexOf("PFC-REG-010", StringComparison.Ordinal) > passed, "passes sit in the folded section");
    }

    [Fact]
    public void Write_WhenTableRowsWritten_EveryRowHasTheHeadersCellCount()
    {
        var lines = Render(SampleReport.TwoModels()).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("| ---", StringComparison.Ordinal))
            {
                var cells = CountCells(lines[i]);
                Assert.Equal(cells, CountCells(lines[i - 1]));
                for (var j = i + 1; j < lines.Length && lines[j].StartsWith('|'); j++)
                {
                    Assert.True(cells == CountCells(lines[j]), lines[j]);
                }
            }
        }
    }

    [Theory]
    [InlineData("a|b", "a\\|b")]
    [InlineData("line1\nline2", "line1<br>line2")]
    [InlineData("<script>&", "&lt;script&gt;&amp;")]
    [InlineData("say \"hi\" — Grüße", "say \"hi\" — Grüße")]
    [InlineData("`x` *y* _z_ [l]", "\\`x\\` \\*y\\* \\_z\\_ \\[l\\]")]
    public void Cell_WhenTextHasMarkup_EscapesIt(string input, string expected) =>
        Assert.Equal(expected, MarkdownReporter.Cell(input));

    [Fact]
    public void Write_WhenNothingFails_SaysSoAndStillListsPasses()
    {
        var report = SampleReport.Build(
            [new PlanInfo("request.json", "us-east-1", "m", null)],
            [SampleReport.R(SampleReport.Cfg001, Outcome.Pass, "m", "container A", "fine")]);
        var text = Render(report);
        Assert.StartsWith("# Preflight passed\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("## Needs attention", text, StringComparison.Ordinal);
        Assert.Contains("| PFC-CFG-001 private-image-uses-vpc-mode | container A | fine |", text, StringComparison.Ordinal);
    }

    // A cell boundary is a pipe not escaped by a backslash.
    private static int CountCells(string line)
    {
        var count = 0;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\\')
            {
                i++;
            }
            else if (line[i] == '|')
            {
                count++;
            }
        }

        return count - 1;
    }
}
