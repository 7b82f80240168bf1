namespace PreflightCheck.Core.Reports;

/// <summary>
/// How a reporter renders: <paramref name="TerminalWidth"/> is where person-readable text wraps (0: never);
/// <paramref name="Verbose"/> lists every result instead of what needs attention; <paramref name="Gate"/> decides
/// which results count against the run (default: --fail-on error, unknowns count).
/// </summary>
internal sealed record ReporterOptions(bool Color = false, int TerminalWidth = 80, bool Verbose = false, Gate? Gate = null);

/// <summary>One report format; reporters are several registrations of this interface, chosen by <see cref="Name"/>.</summary>
internal interface IReporter
{
    string Name { get; }

    /// <summary>File extension for <c>--output</c> defaults, without the dot.</summary>
    string Extension { get; }

    void Write(Report report, ReporterOptions options, TextWriter writer);
}
