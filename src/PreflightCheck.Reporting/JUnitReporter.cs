using System.Globalization;
using System.Text;
using System.Xml;
using PreflightCheck.Core.Reports;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Reporting;

/// <summary>
/// JUnit XML as GitLab and most CI servers read it: a testsuite per area, a testcase per result. Only what fails the
/// gate (at or above --fail-on) is red: a failure → &lt;failure&gt;, an unknown or error → &lt;error&gt; (the check could
/// not run, which a gate must not mistake for skipped). Results below the gate are passed test cases whose output
/// carries their message, so an exit-0 run shows no red test; notApplicable and suppressed results → &lt;skipped&gt;.
/// </summary>
internal sealed class JUnitReporter : IReporter
{
    public string Name => "junit";

    public string Extension => "xml";

    public void Write(Report report, ReporterOptions options, TextWriter writer)
    {
        var settings = new XmlWriterSettings
        {
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Entitize,
            OmitXmlDeclaration = true,
            CheckCharacters = true,
        };

        var sb = new StringBuilder();
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        var timestamp = report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var groups = ReportText.ByArea(report.Results);
        var gate = options.Gate ?? Gate.Default;
        var all = Count(report.Results, gate);

        using (var xml = XmlWriter.Create(sb, settings))
        {
            xml.WriteStartElement("testsuites");
            xml.WriteAttributeString("name", report.Tool.Name);
            WriteCounts(xml, all);
            xml.WriteAttributeString("time", "0");
            xml.WriteAttributeString("timestamp", timestamp);

            var id = 0;
            foreach (var (area, results) in groups)
            {
                var counts = Count(results, gate);
                xml.WriteStartElement("testsuite");
                xml.WriteAttributeString("id", id++.ToString(CultureInfo.InvariantCulture));
                xml.WriteAttributeString("name", Clean(area));
                WriteCounts(xml, counts);
                xml.WriteAttributeString("time", "0");
                xml.WriteAttributeString("timestamp", timestamp);
                foreach (var result in results)
                {
                    WriteCase(xml, result, gate);
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        sb.Append('\n');
        writer.Write(sb.ToString());
    }

    private static void WriteCase(XmlWriter xml, RuleResult result, Gate gate)
    {
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("classname", result.RuleId);
        xml.WriteAttributeString("name", Clean($"{result.Target} ({result.Model})"));
        xml.WriteAttributeString("time", "0");

        var detail = Detail(result);
        if (result.Suppression is { } suppression)
        {
            xml.WriteStartElement("skipped");
            xml.WriteAttributeString("message", Clean($"suppressed {ReportText.Name(result.Outcome)}: {suppression.Justification}"));
            xml.WriteEndElement();
        }
        else if (gate.Fails(result))
        {
            switch (result.Outcome)
            {
                case Outcome.Fail:
                    WriteProblem(xml, "failure", result, ReportText.Name(result.Level), detail);
                    break;
                case Outcome.Unknown:
                case Outcome.Error:
                    WriteProblem(xml, "error", result, ReportText.Name(result.Outcome), detail);
                    break;
            }
        }
        else if (result.Outcome == Outcome.NotApplicable)
        {
            xml.WriteStartElement("skipped");
            xml.WriteAttributeString("message", Clean("not applicable: " + result.Message));
            xml.WriteEndElement();
        }

        if (result.Outcome != Outcome.NotApplicable && (result.Suppression is not null || !gate.Fails(result)))
        {
            xml.WriteElementString("system-out", Clean(BelowGate(result, gate) + detail));
        }

        xml.WriteEndElement();
    }

    private static void WriteProblem(XmlWriter xml, string element, RuleResult result, string type, string detail)
    {
        xml.WriteStartElement(element);
        xml.WriteAttributeString("message", Clean(result.Message));
        xml.WriteAttributeString("type", type);
        xml.WriteString(Clean(detail));
        xml.WriteEndElement();
    }

    private static string Detail(RuleResult result)
    {
        var sb = new StringBuilder();
        sb.Append(result.RuleId).Append(' ').Append(result.Rule.Name).Append(" (").Append(ReportText.Name(result.Level)).Append(")\n");
        sb.Append(result.Message).Append('\n');
        if (result.Location is { } l)
        {
            sb.Append("at ").Append(l.File).Append(':').Append(l.Line).Append(':').Append(l.Column).Append('\n');
        }

        foreach (var (key, value) in result.Evidence.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            sb.Append(key).Append(": ").Append(value).Append('\n');
        }

        return sb.ToString();
    }

    private static void WriteCounts(XmlWriter xml, (int Tests, int Failures, int Errors, int Skipped) c)
    {
        xml.WriteAttributeString("tests", c.Tests.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", c.Failures.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", c.Errors.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("skipped", c.Skipped.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Says why a failure or unknown that the gate lets through is a passed test case.</summary>
    private static string BelowGate(RuleResult result, Gate gate) =>
        result.Suppression is null && result.Outcome is Outcome.Fail or Outcome.Unknown or Outcome.Error
            ? $"{ReportText.Name(result.Outcome)}, not counted by the gate (--fail-on {gate.FailOn.ToString().ToLowerInvariant()}{(gate.UnknownFails || result.Outcome == Outcome.Fail ? "" : ", unknowns allowed")}): "
            : "";

    private static (int Tests, int Failures, int Errors, int Skipped) Count(IEnumerable<RuleResult> results, Gate gate)
    {
        int tests = 0, failures = 0, errors = 0, skipped = 0;
        foreach (var r in results)
        {
            tests++;
            if (r.Suppression is not null || r.Outcome == Outcome.NotApplicable)
            {
                skipped++;
            }
            else if (gate.Fails(r) && r.Outcome == Outcome.Fail)
            {
                failures++;
            }
            else if (gate.Fails(r))
            {
                errors++;
            }
        }

        return (tests, failures, errors, skipped);
    }

    // XML 1.0 cannot carry most control characters even as references; Printable replaces them.
    private static string Clean(string text) => ReportText.Printable(text);
}
