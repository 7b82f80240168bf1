using System.Diagnostics.CodeAnalysis;
using PreflightCheck.Core.Reports;

namespace PreflightCheck.Reporting;

/// <summary>Every report format, by the name <c>--format</c> takes.</summary>
internal static class Reporters
{
    public static IReadOnlyList<IReporter> All { get; } =
    [
        new ConsoleReporter(),
        new JsonReporter(),
        new SarifReporter(),
        new JUnitReporter(),
        new MarkdownReporter(),
    ];

    public static IEnumerable<string> Names => All.Select(r => r.Name);

    public static bool TryGet(string name, [NotNullWhen(true)] out IReporter? reporter)
    {
        reporter = All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
        return reporter is not null;
    }
}
