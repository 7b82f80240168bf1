using System.Text;
using PreflightCheck.Core.Reports;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Reporting;

/// <summary>The human report: a header, results grouped by area with evidence under what needs a look, and a footer of counts.</summary>
internal sealed class ConsoleReporter : IReporter
{
    private const string Reset = "\u001b[0m";
    private const string Bold = "\u001b[1m";
    private const string Dim = "\u001b[2m";
    private const string Red = "\u001b[31m";
    private const string Green = "\u001b[32m";
    private const string Yellow = "\u001b[33m";
    private const string Magenta = "\u001b[35m";
    private const string Cyan = "\u001b[36m";

    public string Name => "console";

    public string Extension => "txt";

    public void Write(Report report, ReporterOptions options, TextWriter writer)
    {
        var paint = new Painter(options.Color);
        var sb = new StringBuilder();
        var manyModels = ReportText.HasManyModels(report);

        sb.Append(paint.Apply(Bold, $"{report.Tool.Name} {report.Tool.Version}")).Append('\n');
        foreach (var plan in report.Plans)
        {
            sb.Append("  source: ").Append(Clean(plan.Source))
                .Append("  model: ").Append(Clean(plan.Model));
            if (plan.Resource is not null && plan.Resource != plan.Model)
            {
                sb.Append("  resource: ").Append(Clean(plan.Resource));
            }

            if (plan.Endpoint is not null)
            {
                sb.Append("  endpoint: ").Append(Clean(plan.Endpoint));
            }

            sb.Append("  region: ").Append(Clean(plan.Region ?? "(not set)")).Append('\n');
        }

        foreach (var (area, results) in ReportText.ByArea(report.Results))
        {
            sb.Append('\n').Append(paint.Apply(Bold + Cyan, area)).Append('\n');
            foreach (var result in results)
            {
                AppendResult(sb, paint, result, manyModels);
            }
        }

        if (report.Results.Count == 0)
        {
            sb.Append("\nNo rule produced a result.\n");
        }

        var s = report.Summary;
        sb.Append('\n')
            .Append(paint.Apply(s.Fail > 0 ? Bold + Red : Bold, $"{s.Fail} failed"))
            .Append(", ").Append(paint.Apply(s.Unknown > 0 ? Yellow : "", $"{s.Unknown} unknown"))
            .Append(", ").Append(paint.Apply(s.Error > 0 ? Magenta : "", $"{s.Error} error"))
            .Append(", ").Append(paint.Apply(Green, $"{s.Pass} passed"))
            .Append(", ").Append($"{s.NotApplicable} not applicable")
            .Append(", ").Append($"{s.Suppressed} suppressed")
            .Append(" (").Append(ReportText.Plural(report.Results.Count, "result")).Append(" from ").Append(ReportText.Plural(report.RulesEvaluated.Count, "rule")).Append(")\n");

        writer.Write(sb.ToString());
    }

    private static void AppendResult(StringBuilder sb, Painter paint, RuleResult result, bool manyModels)
    {
        var (word, colour) = result.Outcome switch
        {
            Outcome.Pass => ("PASS", Green),
            Outcome.Fail => ("FAIL", result.Level switch { Level.Error => Bold + Red, Level.Warning => Yellow, _ => Cyan }),
            Outcome.Unknown => ("UNKNOWN", Yellow),
            Outcome.NotApplicable => ("N/A", Dim),
            _ => ("ERROR", Magenta),
        };

        if (result.Suppression is not null)
        {
            colour = Dim;
        }

        const int messageIndent = 4;
        sb.Append("  ").Append(paint.Apply(colour, word.PadRight(7))).Append(' ').Append(result.RuleId).Append(' ');
        if (result.Outcome == Outcome.Fail)
        {
            sb.Append('[').Append(ReportText.Name(result.Level)).Append("] ");
        }

        if (manyModels)
        {
            sb.Append(Clean(ReportText.ModelAndResource(result))).Append(" / ");
        }

        sb.Append(Clean(result.Target)).Append(": ");
        AppendIndented(sb, Clean(result.Message), messageIndent + 8);
        if (result.Suppression is { } suppression)
        {
            sb.Append(new string(' ', messageIndent + 8)).Append(paint.Apply(Dim, $"suppressed ({Clean(suppression.Source)}"
                + (suppression.Expires is null ? "" : $", until {Clean(suppression.Expires)}") + $"): "));
            AppendIndented(sb, Clean(suppression.Justification), messageIndent + 8);
        }

        if (result.Outcome is Outcome.Fail or Outcome.Unknown or Outcome.Error && result.Evidence.Count > 0)
        {
            foreach (var (key, value) in result.Evidence.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                sb.Append(new string(' ', messageIndent + 8)).Append(paint.Apply(Dim, Clean(key) + ":")).Append(' ');
                AppendIndented(sb, Clean(value), messageIndent + 10);
            }
        }
    }

    private static void AppendIndented(StringBuilder sb, string text, int indent)
    {
        var lines = text.Split('\n');
        sb.Append(lines[0]).Append('\n');
        foreach (var line in lines.Skip(1))
        {
            if (line.Length > 0)
            {
                sb.Append(new string(' ', indent)).Append(line);
            }

            sb.Append('\n');
        }
    }

    // ESC is a control character: Printable removes it, so nothing from a server can colour or move the terminal.
    private static string Clean(string text) => ReportText.Printable(text);

    private readonly struct Painter(bool enabled)
    {
        public string Apply(string codes, string text) => enabled && codes.Length > 0 ? codes + text + Reset : text;
    }
}
