namespace PreflightCheck.Core.Reports;

internal sealed record ReporterOptions(bool Color = false, int TerminalWidth = 100);

/// <summary>One report format; reporters are several registrations of this interface, chosen by <see cref="Name"/>.</summary>
internal interface IReporter
{
    string Name { get; }

    /// <summary>File extension for <c>--output</c> defaults, without the dot.</summary>
    string Extension { get; }

    void Write(Report report, ReporterOptions options, TextWriter writer);
}
