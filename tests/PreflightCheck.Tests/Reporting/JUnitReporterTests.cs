using System.Xml.Linq;
using ApprovalTests;
using ApprovalTests.Reporters;
using PreflightCheck.Core.Reports;
using PreflightCheck.Reporting;

namespace PreflightCheck.Tests.Reporting;

[UseReporter(typeof(QuietReporter))]
public sealed class JUnitReporterTests
{
    private static string Render(Report report)
    {
        using var writer = new StringWriter();
        new JUnitReporter().Write(report, new ReporterOptions(), writer);
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
        Assert.Equal(4, (int)root.Attribute("failures")!);
        Assert.Equal(3, (int)root.Attribute("errors")!);
        Assert.Equal(2, (int)root.Attribute("skipped")!);
        Assert.Equal("2026-03-04T05:06:07", (string)root.Attribute("timestamp")!);
    }

    [Fact]
    public void Write_WhenOutcomesDiffer_ChoosesElementPerOutcome()
    {
        var cases = XDocument.Parse(Render(SampleReport.TwoModels())).Descendants("testcase").ToArray();
        var tls = cases.Single(c => (string)c.Attribute("classname")! == "PFC-TLS-007");
        Assert.Equal("https registry.example.com:443 (vpc-model)", (string)tls.Attribute("name")!);
        Assert.Equal("warning", (string)tls.Element("failure")!.Attribute("type")!);
        Assert.Contains("negotiated: TLSv1.2", tls.Element("failure")!.Value, StringComparison.Ordinal);

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
