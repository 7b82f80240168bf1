using System.Text;
using PreflightCheck.Core.Reports;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Reporting;

/// <summary>
/// The human report: a header; causes that many results share, said once; per area its counts and the results that
/// need attention (failures, unknowns, errors, suppressions; every result with --verbose) with their evidence; a
/// footer of counts. Text wraps at the width at spaces only, continuation lines indented.
/// </summary>
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

    private const int MessageIndent = 12;
    private const int EvidenceIndent = 14;

    public string Name => "console";

    public string Extension => "txt";

    /// <summary>COLUMNS when set, else the terminal's width when standard output is one, else 80 (a CI log, a pipe).</summary>
    public static int Width(Func<string, string?> environment, bool outputRedirected, Func<int> windowWidth)
    {
        if (int.TryParse(environment("COLUMNS"), out var columns) && columns > 0)
        {
            return columns;
        }

        if (!outputRedirected)
        {
            try
            {
                var width = windowWidth();
                if (width > 0)
                {
                    return width;
                }
            }
            catch (IOException)
            {
            }
        }

        return 80;
    }

    public void Write(Report report, ReporterOptions options, TextWriter writer)
    {
        var paint = new Painter(options.Color);
        var width = options.TerminalWidth;
        var sb = new StringBuilder();
        var manyModels = ReportText.HasManyModels(report);

        sb.Append(paint.Apply(Bold, $"{report.Tool.Name} {report.Tool.Version}")).Append('\n');
        foreach (var plan in report.Plans)
        {
            var line = new StringBuilder("source: ").Append(Clean(plan.Source)).Append("  model: ").Append(Clean(plan.Model));
            if (plan.Resource is not null && plan.Resource != plan.Model)
            {
                line.Append("  resource: ").Append(Clean(plan.Resource));
            }

            if (plan.Endpoint is not null)
            {
                line.Append("  endpoint: ").Append(Clean(plan.Endpoint));
            }

            line.Append("  region: ").Append(Clean(plan.Region ?? "(not set)"));
            sb.Append("  ");
            AppendWrapped(sb, line.ToString(), width, 2, 4);
        }

        var areas = ReportText.ByArea(report.Results)
            .Select(a => (a.Area, a.Results, Listed: a.Results.Where(r => options.Verbose || NeedsAttention(r)).ToArray()))
            .ToArray();
        var causes = SharedCauses(areas.SelectMany(a => a.Listed));
        if (causes.Count > 0)
        {
            sb.Append('\n').Append(paint.Apply(Bold, "Shared causes (said once; the results below refer to them)")).Append('\n');
            foreach (var (cause, (number, count)) in causes.OrderBy(c => c.Value.Number))
            {
                var label = $"  [{number}] ";
                sb.Append(label);
                AppendWrapped(sb, $"{Capitalised(Clean(cause))} ({ReportText.Plural(count, "result")})", width, label.Length, label.Length);
            }
        }

        foreach (var (area, results, listed) in areas)
        {
            sb.Append('\n').Append(paint.Apply(Bold + Cyan, area)).Append("  ").Append(paint.Apply(Dim, AreaCounts(results))).Append('\n');
            foreach (var result in listed)
            {
                AppendResult(sb, paint, result, manyModels, width, causes);
            }
        }

        if (report.Results.Count == 0)
        {
            sb.Append("\nNo rule produced a result.\n");
        }

        var s = report.Summary;
        var footer = new StringBuilder()
            .Append(paint.Apply(s.Fail > 0 ? Bold + Red : Bold, $"{s.Fail} failed"))
            .Append(", ").Append(paint.Apply(s.Unknown > 0 ? Yellow : "", $"{s.Unknown} unknown"))
            .Append(", ").Append(paint.Apply(s.Error > 0 ? Magenta : "", $"{s.Error} error"))
            .Append(", ").Append(paint.Apply(Green, $"{s.Pass} passed"))
            .Append(", ").Append($"{s.NotApplicable} not applicable")
            .Append(", ").Append($"{s.Suppressed} suppressed")
            .ToString();
        sb.Append('\n');
        AppendPainted(sb, footer, width);

        var total = $"{ReportText.Plural(report.Results.Count, "result")} from {ReportText.Plural(report.RulesEvaluated.Count, "rule")}";
        var hidden = report.Results.Count - areas.Sum(a => a.Listed.Length);
        AppendWrapped(sb, hidden > 0 ? $"{total}; {hidden} passed or not applicable are counted, not listed (--verbose lists them)." : total + ".", width, 0, 0);

        writer.Write(sb.ToString());
    }

    /// <summary>What a person must look at: anything not passed or not applicable, and anything a suppression hides.</summary>
    private static bool NeedsAttention(RuleResult result) =>
        result.Suppression is not null || result.Outcome is Outcome.Fail or Outcome.Unknown or Outcome.Error;

    /// <summary>Causes two or more listed results share, numbered in the order they first appear.</summary>
    private static Dictionary<string, (int Number, int Count)> SharedCauses(IEnumerable<RuleResult> listed)
    {
        var counts = new Dictionary<string, (int First, int Count)>(StringComparer.Ordinal);
        var index = 0;
        foreach (var result in listed)
        {
            if (result.Cause is { Length: > 0 } cause)
            {
                counts[cause] = counts.TryGetValue(cause, out var c) ? (c.First, c.Count + 1) : (index, 1);
            }

            index++;
        }

        var number = 0;
        return counts
            .Where(c => c.Value.Count > 1)
            .OrderBy(c => c.Value.First)
            .ToDictionary(c => c.Key, c => (++number, c.Value.Count), StringComparer.Ordinal);
    }

    private static string AreaCounts(IReadOnlyList<RuleResult> results)
    {
        var s = Summary.Of(results);
        var parts = new List<string>();
        void Add(int count, string what)
        {
            if (count > 0)
            {
                parts.Add($"{count} {what}");
            }
        }

        Add(s.Fail, "failed");
        Add(s.Unknown, "unknown");
        Add(s.Error, "error");
        Add(s.Suppressed, "suppressed");
        Add(s.Pass, "passed");
        Add(s.NotApplicable, "not applicable");
        return string.Join(", ", parts);
    }

    private static void AppendResult(StringBuilder sb, Painter paint, RuleResult result, bool manyModels, int width, Dictionary<string, (int Number, int Count)> causes)
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

        var prefix = new StringBuilder().Append(result.RuleId).Append(' ');
        if (result.Outcome == Outcome.Fail)
        {
            prefix.Append('[').Append(ReportText.Name(result.Level)).Append("] ");
        }

        if (manyModels)
        {
            prefix.Append(Clean(ReportText.ModelAndResource(result))).Append(" / ");
        }

        prefix.Append(Clean(result.Target)).Append(": ");
        var message = Clean(result.Message);
        if (result.Cause is { } cause && causes.TryGetValue(cause, out var shared))
        {
            var reference = $"see [{shared.Number}]";
            var clean = Clean(cause);
            message = message.Contains(clean, StringComparison.Ordinal)
                ? message.Replace(clean, reference, StringComparison.Ordinal)
                : $"{message} ({reference})";
        }

        sb.Append("  ").Append(paint.Apply(colour, word.PadRight(7))).Append(' ');
        AppendWrapped(sb, prefix + message, width, 2 + 7 + 1, MessageIndent);
        if (result.Suppression is { } suppression)
        {
            var label = $"suppressed ({Clean(suppression.Source)}" + (suppression.Expires is null ? "" : $", until {Clean(suppression.Expires)}") + "):";
            AppendLabelled(sb, paint, label, Clean(suppression.Justification), width);
        }

        if (result.Outcome is Outcome.Fail or Outcome.Unknown or Outcome.Error && result.Evidence.Count > 0)
        {
            foreach (var (key, value) in result.Evidence.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                AppendLabelled(sb, paint, Clean(key) + ":", Clean(value), width);
            }
        }
    }

    /// <summary>"label: text" under a result, wrapped as one text; the label is dimmed when it fits on the first line.</summary>
    private static void AppendLabelled(StringBuilder sb, Painter paint, string label, string text, int width)
    {
        var lines = ReportText.Wrap(label + " " + text, width, MessageIndent, EvidenceIndent);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (i == 0 && line.StartsWith(label, StringComparison.Ordinal))
            {
                line = paint.Apply(Dim, label) + line[label.Length..];
            }

            if (line.Length > 0)
            {
                sb.Append(' ', i == 0 ? MessageIndent : EvidenceIndent).Append(line);
            }

            sb.Append('\n');
        }
    }

    /// <summary>Appends <paramref name="text"/> wrapped; the caller has written the first line's prefix (up to <paramref name="start"/>).</summary>
    private static void AppendWrapped(StringBuilder sb, string text, int width, int start, int indent)
    {
        var lines = ReportText.Wrap(text, width, start, indent);
        for (var i = 0; i < lines.Count; i++)
        {
            if (i == 0)
            {
                if (lines[0].Length == 0)
                {
                    TrimEndSpaces(sb);
                }

                sb.Append(lines[0]).Append('\n');
                continue;
            }

            if (lines[i].Length > 0)
            {
                sb.Append(' ', indent).Append(lines[i]);
            }

            sb.Append('\n');
        }
    }

    /// <summary>A painted line that would not fit is wrapped as plain text: colour codes have no width.</summary>
    private static void AppendPainted(StringBuilder sb, string painted, int width)
    {
        var plain = System.Text.RegularExpressions.Regex.Replace(painted, "\u001b\\[[0-9;]*m", "");
        if (width > 0 && plain.Length > width)
        {
            AppendWrapped(sb, plain, width, 0, 0);
            return;
        }

        sb.Append(painted).Append('\n');
    }

    private static void TrimEndSpaces(StringBuilder sb)
    {
        while (sb.Length > 0 && sb[^1] == ' ')
        {
            sb.Length--;
        }
    }

    private static string Capitalised(string text) =>
        text.Length > 0 && char.IsLower(text[0]) ? char.ToUpperInvariant(text[0]) + text[1..] : text;

    // ESC is a control character: Printable removes it, so nothing from a server can colour or move the terminal.
    private static string Clean(string text) => ReportText.Printable(text);

    private readonly struct Painter(bool enabled)
    {
        public string Apply(string codes, string text) => enabled && codes.Length > 0 ? codes + text + Reset : text;
    }
}
