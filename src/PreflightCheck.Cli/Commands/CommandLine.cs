namespace PreflightCheck.Cli.Commands;

/// <summary>The command line as given: --format and --output pair by position, which the parsed option arrays lose.</summary>
public sealed class CommandLine(IReadOnlyList<string> arguments)
{
    public IReadOnlyList<string> Arguments { get; } = arguments;
}
