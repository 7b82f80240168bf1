using System.Text;
using PreflightCheck.Core.Reports;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Reporting;

/// <summary>A GitHub step summary: counts, then what needs attention, then the rest folded away.</summary>
internal sealed class MarkdownReporter : IReporter
{
    public string Name => "markdown";

    public string Extension => "md";

    public void Write(Report report, ReporterOptions options, TextWriter writer)
    {
        var sb = new StringBuilder();
        var manyModels = ReportText.HasManyModels(report);
        var s = report.Summary;

        var verdict = s.Fail > 0 ? "failed" : s.Unknown + s.Error > 0 ? "incomplete" : "passed";
        sb.Append("# Preflight ").Append(verdict).Append('\n').Append('\n');
        foreach (var plan in report.Plans)
        {
            sb.Append("- model `").Append(Code(plan.Model)).Append('`');
            if (plan.Endpoint is not null)
            {
                sb.Append(", endpoint `").Append(Code(plan.Endpoint)).Append('`');
            }

            sb.Append(" from `").Append(Code(plan.Source)).Append('`');
            sb.Append(", region ").Append(plan.Region is null ? "not set" : "`" + Code(plan.Region) + "`").Append('\n');
        }

        sb.Append('\n')
            .Append("| fail | unknown | error | pass | not applicable | suppressed |\n")
            .Append("| ---: | ---: | ---: | ---: | ---: | ---: |\n")
            .Append($"| {s.Fail} | {s.Unknown} | {s.Error} | {s.Pass} | {s.NotApplicable} | {s.Suppressed} |\n");

        var attention = report.Results
            .Where(r => r.Suppression is null && r.Outcome is Outcome.Fail or Outcome.Unknown or Outcome.Error)
            .OrderBy(r => r.Outcome == Outcome.Fail ? 0 : 1)
            .ToArray();
        if (attention.Length > 0)
        {
            sb.Append("\n## Needs attention\n\n");
            AppendTable(sb, attention, manyModels, withLevel: true);
        }
        else
        {
            sb.Append("\nNo failures and nothing left unchecked.\n");
        }

        AppendDetails(sb, "Suppressed", report.Results.Where(r => r.Suppression is not null).ToArray(), manyModels, suppressed: true);
        AppendDetails(sb, "Passed", report.Results.Where(r => r.Suppression is null && r.Outcome == Outcome.Pass).ToArray(), manyModels);
        AppendDetails(sb, "Not applicable", report.Results.Where(r => r.Suppression is null && r.Outcome == Outcome.NotApplicable).ToArray(), manyModels);

        sb.Append('\n').Append("<sub>").Append(Cell(report.Tool.Name)).Append(' ').Append(Cell(report.Tool.Version)).Append(", ")
            .Append(ReportText.Plural(report.Results.Count, "result")).Append(" from ").Append(ReportText.Plural(report.RulesEvaluated.Count, "rule")).Append("</sub>\n");
        writer.Write(sb.ToString());
    }

    private static void AppendDetails(StringBuilder sb, string title, IReadOnlyList<RuleResult> results, bool manyModels, bool suppressed = false)
    {
        if (results.Count == 0)
        {
            return;
        }

        sb.Append("\n<details>\n<summary>").Append(title).Append(" (").Append(results.Count).Append(")</summary>\n\n");
        AppendTable(sb, results, manyModels, withLevel: suppressed, suppressed);
        sb.Append("\n</details>\n");
    }

    private static void AppendTable(StringBuilder sb, IReadOnlyList<RuleResult> results, bool manyModels, bool withLevel, bool suppressed = false)
    {
        sb.Append("| rule |");
        if (withLevel)
        {
            sb.Append(" level | outcome |");
        }

        if (manyModels)
        {
            sb.Append(" model |");
        }

        sb.Append(" target | message |");
        if (suppressed)
        {
            sb.Append(" justification |");
        }

        sb.Append('\n').Append("| --- |");
        var columns = 2 + (withLevel ? 2 : 0) + (manyModels ? 1 : 0) + (suppressed ? 1 : 0);
        for (var i = 0; i < columns; i++)
        {
            sb.Append(" --- |");
        }

        sb.Append('\n');
        foreach (var r in results)
        {
            sb.Append("| ").Append(r.RuleId).Append(' ').Append(Cell(r.Rule.Name)).Append(" |");
            if (withLevel)
            {
                sb.Append(' ').Append(ReportText.Name(r.Level)).Append(" | ").Append(ReportText.Name(r.Outcome)).Append(" |");
            }

            if (manyModels)
            {
                sb.Append(' ').Append(Cell(r.Model)).Append(" |");
            }

            sb.Append(' ').Append(Cell(r.Target)).Append(" | ").Append(Cell(r.Message)).Append(" |");
            if (suppressed)
            {
                sb.Append(' ').Append(Cell(r.Suppression!.Justification)).Append(" |");
            }

            sb.Append('\n');
        }
    }

    /// <summary>Makes text safe inside a table cell: HTML is shown, not rendered; pipes and line breaks do not end the cell or row.</summary>
    internal static string Cell(string text)
    {
        var clean = ReportText.Printable(text);
        var sb = new StringBuilder(clean.Length + 16);
        foreach (var c in clean)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '|': sb.Append("\\|"); break;
                case '\\': sb.Append("\\\\"); break;
                case '`': sb.Append("\\`"); break;
                case '*': sb.Append("\\*"); break;
                case '_': sb.Append("\\_"); break;
                case '[': sb.Append("\\["); break;
                case ']': sb.Append("\\]"); break;
                case '\n': sb.Append("<br>"); break;
                case '\t': sb.Append(' '); break;
                default: sb.Append(c); break;
            }
        }

        return sb.ToString();
    }

    // Inside a code span only a backtick or a line break could escape it; the rest is shown literally.
    private static string Code(string text) =>
        ReportText.Printable(text).Replace('`', '\'').Replace('\n', ' ');
}
