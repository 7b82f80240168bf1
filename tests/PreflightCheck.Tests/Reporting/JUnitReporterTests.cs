using System.Xml.Linq;
using ApprovalTests;
using ApprovalTests.Reporters;
using PreflightCheck.Core.Reports;
using PreflightCheck.Reporting;

namespace PreflightCheck.Tests.Reporting;

[UseReporter(typeof(QuietReporter))]
public sealed class JUnitReporterTests
{
    private static string Render(Report report, Gate? gate = null)
    {
        using var writer = new StringWriter();
        new JUnitReporter().Write(report, new ReporterOptions(Gate: gate), writer);
        return writer.ToString();
    }

    [Fact]
    public void Write_WhenTwoModels_MatchesApproved() =>
        Approvals.Verify(SampleReport.Scrub(Render(SampleReport.TwoModels())));

    [Fact]
    public void Write_WhenTwoModels_IsWellFormedWithConsistentCounts()
    {
        var document = XDocument.Parse(Render(SampleReport.TwoModels()));
        var root = document.Root!;
        Assert.Equal("testsuites", root.Name.LocalName);
        Assert.Equal(["CFG", "IMG", "REG", "TLS", "NET", "LMB", "IAM"], root.Elements("testsuite").Select(s => (string)s.Attribute("name")!));

        foreach (var suite in root.Elements("testsuite").Append(root))
        {
            var cases = suite.Descendants("testcase").ToArray();
            Assert.Equal(cases.Length, (int)suite.Attribute("tests")!);
            Assert.Equal(cases.Count(c => c.Element("failure") is not null), (int)suite.Attribute("failures")!);
            Assert.Equal(cases.Count(c => c.Element("error") is not null), (int)suite.Attribute("errors")!);
            Assert.Equal(cases.Count(c => c.Element("skipped") is not null), (int)suite.Attribute("skipped")!);
        }

        Assert.Equal(11, (int)root.Attribute("tests")!);
        Assert.Equal(3, (int)root.Attribute("failures")!);
        Assert.Equal(3, (int)root.Attribute("errors")!);
        Assert.Equal(2, (int)root.Attribute("skipped")!);
        Assert.Equal("2026-03-04T05:06:07", (string)root.Attribute("timestamp")!);
    }

    [Fact]
    public void Write_WhenOutcomesDiffer_ChoosesElementPerOutcome()
    {
        var cases = XDocument.Parse(Render(SampleReport.TwoModels())).Descendants("testcase").ToArray();
        var cfg = cases.Single(c => (string)c.Attribute("classname")! == "PFC-CFG-001" && c.Element("failure") is not null);
        Assert.Equal("container Primary (second-model)", (string)cfg.Attribute("name")!);
        Assert.Equal("error", (string)cfg.Element("failure")!.Attribute("type")!);
        Assert.Contains("repositoryAccessMode: Platform", cfg.Element("failure")!.Value, StringComparison.Ordinal);

        var unknown = cases.Single(c => (string)c.Attribute("classname")! == "PFC-REG-003");
        Assert.Equal("unknown", (string)unknown.Element("error")!.Attribute("type")!);
        var error = cases.Single(c => (string)c.Attribute("classname")! == "PFC-NET-005");
        Assert.Equal("error", (string)error.Element("error")!.Attribute("type")!);
        var na = cases.Single(c => (string)c.Attribute("classname")! == "PFC-LMB-008");
        Assert.NotNull(na.Element("skipped"));
        var suppressed = cases.Single(c => (string)c.Attribute("classname")! == "PFC-IMG-002" && ((string)c.Attribute("name")!).Contains("second-model", StringComparison.Ordinal));
        Assert.StartsWith("suppressed fail: Pinned at release", (string)suppressed.Element("skipped")!.Attribute("message")!, StringComparison.Ordinal);
        var pass = cases.Single(c => (string)c.Attribute("classname")! == "PFC-REG-010");
        Assert.DoesNotContain(pass.Elements(), e => e.Name.LocalName is "failure" or "error" or "skipped");
    }

    [Fact]
    public void Write_WhenAFailureIsBelowFailOn_IsAPassedCaseCarryingItsMessage()
    {
        var tls = XDocument.Parse(Render(SampleReport.TwoModels())).Descendants("testcase").Single(c => (string)c.Attribute("classname")! == "PFC-TLS-007");

        Assert.DoesNotContain(tls.Elements(), e => e.Name.LocalName is "failure" or "error" or "skipped");
        Assert.StartsWith("fail, not counted by the gate (--fail-on error): PFC-TLS-007", tls.Element("system-out")!.Value, StringComparison.Ordinal);
        Assert.Contains("still accepts TLS 1.0", tls.Element("system-out")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WhenFailOnIsWarning_MarksTheWarningAsFailure()
    {
        var root = XDocument.Parse(Render(SampleReport.TwoModels(), new Gate(FailOn.Warning, UnknownFails: true))).Root!;
        var tls = root.Descendants("testcase").Single(c => (string)c.Attribute("classname")! == "PFC-TLS-007");

        Assert.Equal("warning", (string)tls.Element("failure")!.Attribute("type")!);
        Assert.Equal(4, (int)root.Attribute("failures")!);
    }

    [Fact]
    public void Write_WhenUnknownsAreAllowed_TheyArePassedCasesAndNoErrorIsCounted()
    {
        var root = XDocument.Parse(Render(SampleReport.TwoModels(), new Gate(FailOn.Error, UnknownFails: false))).Root!;
        var unknown = root.Descendants("testcase").Single(c => (string)c.Attribute("classname")! == "PFC-REG-003");

        Assert.Equal(0, (int)root.Attribute("errors")!);
        Assert.Null(unknown.Element("error"));
        Assert.Contains("did not answer GET /v2/ within 5 s", unknown.Element("system-out")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WhenGateIsNever_NothingIsRed()
    {
        var root = XDocument.Parse(Render(SampleReport.TwoModels(), new Gate(FailOn.Never, UnknownFails: true))).Root!;

        Assert.Empty(root.Descendants("failure"));
        Assert.Empty(root.Descendants("error"));
    }

    [Fact]
    public void Write_WhenMessageHasSpecialCharacters_EscapesAndRoundTrips()
    {
        var text = Render(SampleReport.TwoModels());
        Assert.DoesNotContain("<script>", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', text);
        var failure = XDocument.Parse(text).Descendants("failure")
            .Single(f => ((string)f.Attribute("message")!).StartsWith("Image \"reg", StringComparison.Ordinal));
        Assert.Equal(SampleReport.Awkward, (string)failure.Attribute("message")!);
        Assert.Contains("note: esc\uFFFD[31mred", failure.Value, StringComparison.Ordinal);
    }
}
