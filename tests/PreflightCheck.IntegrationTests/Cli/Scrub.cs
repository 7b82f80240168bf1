using System.Text.RegularExpressions;

namespace PreflightCheck.IntegrationTests.Cli;

internal static partial class Scrub
{
    private static readonly string ToolVersion = PreflightCheck.Cli.CheckRunner.ToolVersion;

    /// <summary>The tool's version as a whole token only: "127.20.1.0/24" keeps its digits.</summary>
    public static string Version(string text) =>
        Regex.Replace(text, $@"(?<![\d.]){Regex.Escape(ToolVersion)}(?![\d.])", "<version>");

    /// <summary>Ports the tests pick at random, so results can be compared across recordings.</summary>
    public static string Ports(string text) => PortPattern().Replace(text, ":<port>");

    [GeneratedRegex(@":\d{2,5}\b")]
    private static partial Regex PortPattern();
}
