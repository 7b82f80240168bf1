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
    private static string Render(Report report, bool color = false, bool verbose = false, int width = 80)
    {
        using var writer = new StringWriter();
        new ConsoleReporter().Write(report, new ReporterOptions(Color: color, TerminalWidth: width, Verbose: verbose), writer);
        return writer.ToString();
    }

    [Fact]
    public void Write_WhenTwoModelsWithoutColor_MatchesApproved() =>
        Approvals.Verify(SampleReport.Scrub(Render(SampleReport.TwoModels())));

    [Fact]
    public void Write_WhenTwoModelsVerbose_MatchesApproved() =>
        Approvals.Verify(SampleReport.Scrub(Render(SampleReport.TwoModels(), verbose: true)));

    [Fact]
    public void Write_WhenNotVerbose_ListsOnlyWhatNeedsAttentionAndCountsTheRest()
    {
        var text = Render(SampleReport.TwoModels());
        Assert.DoesNotContain("  PASS ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("  N/A ", text, StringComparison.Ordinal);
        Assert.Contains("  FAIL    PFC-TLS-007 [warning] ", text, StringComparison.Ordinal);
        Assert.Contains("  UNKNOWN PFC-REG-003 ", text, StringComparison.Ordinal);
        Assert.Contains("  ERROR   PFC-NET-005 ", text, StringComparison.Ordinal);
        Assert.Contains("suppressed (preflight.yaml, until 2026-12-31)", text, StringComparison.Ordinal);
        Assert.Contains("\nLMB  1 not applicable\n", text, StringComparison.Ordinal);
        Assert.Contains("\nREG  1 unknown, 1 passed\n", text, StringComparison.Ordinal);
        Assert.EndsWith("11 results from 9 rules; 3 passed or not applicable are counted, not listed\n(--verbose lists them).\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WhenManyResultsShareACause_SaysItOnceAndTheResultsReferToIt()
    {
        const string Cause = "AWS could not be queried: no AWS credentials found (Failed to resolve AWS credentials); set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or pass --profile";
        RuleResult Unknown(RuleMetadata rule, string target) =>
            SampleReport.R(rule, Outcome.Unknown, "vpc-model", target, Cause) with { Cause = Cause };
        var report = SampleReport.Build(
            [new PlanInfo("request.json", "us-east-1", "vpc-model", null)],
            [
                Unknown(SampleReport.Net005, "model vpc-model"),
                Unknown(SampleReport.Lmb008, "container ModelContainer"),
                Unknown(SampleReport.Iam002, "role arn:aws:iam::123456789012:role/SageMakerExecutionRole"),
                SampleReport.R(SampleReport.Reg003, Outcome.Unknown, "vpc-model", "container ModelContainer",
                    "Could not tell whether the registry demands credentials: registry host registry.example.internal did not resolve (NotFound).")
                    with { Cause = "registry host registry.example.internal did not resolve (NotFound)" },
            ]);

        var text = Render(report);

        Assert.Equal(1, Count(text, "no AWS credentials found"));
        Assert.Contains("  [1] AWS could not be queried: no AWS credentials found", text, StringComparison.Ordinal);
        Assert.Contains("(3 results)", text, StringComparison.Ordinal);
        Assert.Contains("  UNKNOWN PFC-NET-005 model vpc-model: see [1]\n", text, StringComparison.Ordinal);
        Assert.Contains("  UNKNOWN PFC-LMB-008 container ModelContainer: see [1]\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("[2]", text, StringComparison.Ordinal);
        Assert.Contains("registry.example.internal", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WhenNarrow_NoLineIsWiderExceptOneLongWord()
    {
        const int Width = 50;
        var text = Render(SampleReport.TwoModels(), verbose: true, width: Width);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length > Width)
            {
                Assert.DoesNotContain(' ', line.Trim());
            }
        }

        Assert.Contains(text.Split('\n'), l => l.StartsWith("            ", StringComparison.Ordinal) && l[12] != ' ');
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

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
        var text = Render(SampleReport.TwoModels(), color: true, verbose: true);
        Assert.Contains("\u001b[32mPASS   \u001b[0m", text, StringComparison.Ordinal);
        Assert.Contains("\u001b[1m\u001b[31mFAIL   \u001b[0m", text, StringComparison.Ordinal);
        Assert.Contains("\u001b[33mUNKNOWN\u001b[0m", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[31mred", text, StringComparison.Ordinal);
        Assert.Equal(Render(SampleReport.TwoModels(), verbose: true), StripAnsi(text));
    }

    [Fact]
    public void Write_WhenResultsSpanAreas_GroupsInCatalogueOrder()
    {
        var lines = Render(SampleReport.TwoModels()).Split('\n');
        var headings = lines.Where(l => l.Length >= 3 && l[..3].All(char.IsAsciiLetterUpper) && (l.Length == 3 || l[3] == ' ')).Select(l => l[..3]).ToArray();
        Assert.Equal(["CFG", "IMG", "REG", "TLS", "NET", "LMB", "IAM"], headings);
    }

    [Fact]
    public void Write_WhenVerboseAndEveryOutcomePresent_ShowsEachResultWithWordAndEvidenceForProblems()
    {
        var text = Render(SampleReport.TwoModels(), verbose: true, width: 0);
        Assert.Contains("  PASS    PFC-REG-010 vpc-model / realm https://auth.example.com/token: The token realm is HTTPS", text, StringComparison.Ordinal);
        Assert.Contains("  N/A     PFC-LMB-008 ", text, StringComparison.Ordinal);
        Assert.Contains("  ERROR   PFC-NET-005 ", text, StringComparison.Ordinal);
        Assert.Contains("  UNKNOWN PFC-REG-003 ", text, StringComparison.Ordinal);
        Assert.Contains("  FAIL    PFC-TLS-007 [warning] ", text, StringComparison.Ordinal);
        Assert.Contains("            collection: Timeout", text, StringComparison.Ordinal);
        Assert.DoesNotContain("realm: https://auth.example.com/token", text, StringComparison.Ordinal);
        Assert.EndsWith("4 failed, 2 unknown, 1 error, 2 passed, 1 not applicable, 1 suppressed\n11 results from 9 rules.\n", text, StringComparison.Ordinal);
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
        var text = Render(report, verbose: true);
        Assert.Contains("  PASS    PFC-CFG-001 container A: fine\n", text, StringComparison.Ordinal);
        Assert.Contains("region: (not set)", text, StringComparison.Ordinal);
    }

    private static string StripAnsi(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, "\u001b\\[[0-9;]*m", "");
}
