using System.Text;
using PreflightCheck.Cli.Commands;
using PreflightCheck.Core;
using PreflightCheck.Core.Reports;
using PreflightCheck.Reporting;

namespace PreflightCheck.Cli;

/// <summary>Where each report goes, the gate that decides the exit code, and the verdict line when every report went to a file.</summary>
internal sealed class ReportOutput(IReadOnlyList<(IReporter Reporter, string? Path)> targets, Gate gate, CommonOptions common)
{
    public static FailOn ParseFailOn(string text) => text.ToLowerInvariant() switch
    {
        "error" => FailOn.Error,
        "warning" => FailOn.Warning,
        "note" => FailOn.Note,
        "never" => FailOn.Never,
        _ => throw new InputException($"--fail-on '{text}' is not one of error, warning, note, never{Suggestions.DidYouMean(text, ["error", "warning", "note", "never"])}"),
    };

    /// <summary>Writes every report and returns the exit code.</summary>
    public int Write(Report report, TextWriter stdout)
    {
        foreach (var (reporter, path) in targets)
        {
            if (path is null)
            {
                reporter.Write(report, new ReporterOptions(UseColor(common), ConsoleReporter.Width(Environment.GetEnvironmentVariable, Console.IsOutputRedirected, () => Console.WindowWidth), common.Verbose, gate), stdout);
            }
            else
            {
                WriteFile(path, writer => reporter.Write(report, new ReporterOptions(Verbose: common.Verbose, Gate: gate), writer));
            }
        }

        var exitCode = ExitCodes.For(report, gate);
        if (targets.All(o => o.Path is not null))
        {
            // Every report went to a file: a CI log still says why the job passed or failed.
            Console.Error.WriteLine(ReportText.VerdictLine(report, exitCode, common.FailOn));
        }

        return exitCode;
    }

    public static void WriteFile(string path, Action<TextWriter> write)
    {
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024);
            write(writer);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot write: {ex.Message}", path);
        }
    }

    private static bool UseColor(CommonOptions common) =>
        !common.NoColor
        && !Console.IsOutputRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && Environment.GetEnvironmentVariable("TERM") != "dumb";
}
