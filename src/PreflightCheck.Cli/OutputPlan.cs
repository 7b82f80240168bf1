using PreflightCheck.Core;
using PreflightCheck.Core.Reports;
using PreflightCheck.Reporting;

namespace PreflightCheck.Cli;

/// <summary>
/// Each --output belongs to the --format just before it; a --format with no --output goes to standard output, and an
/// --output with no --format of its own takes its format from the file extension.
/// </summary>
internal static class OutputPlan
{
    private static readonly Dictionary<string, string> FormatByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".json"] = "json",
        [".sarif"] = "sarif",
        [".xml"] = "junit",
        [".md"] = "markdown",
        [".txt"] = "console",
    };

    /// <summary>Reads the pairs from the raw command line; falls back to index order when the options did not come from it.</summary>
    public static IReadOnlyList<(string? Format, string? Path)> Pairs(IReadOnlyList<string> args, IReadOnlyList<string> formats, IReadOnlyList<string> outputs)
    {
        var pairs = new List<(string? Format, string? Path)>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--")
            {
                break;
            }

            var (name, value) = Split(args, ref i);
            if (name == "--format")
            {
                pairs.Add((value, null));
            }
            else if (name == "--output")
            {
                if (pairs.Count > 0 && pairs[^1].Path is null && pairs[^1].Format is not null)
                {
                    pairs[^1] = (pairs[^1].Format, value);
                }
                else
                {
                    pairs.Add((null, value));
                }
            }
        }

        if (pairs.Count(p => p.Format is not null) == formats.Count && pairs.Count(p => p.Path is not null) == outputs.Count)
        {
            return pairs;
        }

        var count = Math.Max(formats.Count, outputs.Count);
        return Enumerable.Range(0, count).Select(i => (i < formats.Count ? formats[i] : null, i < outputs.Count ? outputs[i] : null)).ToArray();
    }

    private static (string? Name, string? Value) Split(IReadOnlyList<string> args, ref int i)
    {
        var arg = args[i];
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
        {
            return (arg[..equals], arg[(equals + 1)..]);
        }

        if (arg is "--format" or "--output" && i + 1 < args.Count)
        {
            return (arg, args[++i]);
        }

        return (null, null);
    }

    public static IReadOnlyList<(IReporter Reporter, string? Path)> From(IReadOnlyList<(string? Format, string? Path)> pairs)
    {
        var result = new List<(IReporter, string?)>();
        foreach (var (format, output) in pairs)
        {
            var path = output == "-" ? null : output;
            string name;
            if (format is not null)
            {
                name = format;
            }
            else if (!FormatByExtension.TryGetValue(Path.GetExtension(output!), out name!))
            {
                throw new InputException($"--output '{output}' has no --format before it and its extension names none (.json, .sarif, .xml, .md, .txt)");
            }

            if (!Reporters.TryGet(name, out var reporter))
            {
                throw new InputException($"unknown --format '{name}'{Suggestions.DidYouMean(name, Reporters.All.Select(r => r.Name))}; use one of {string.Join(", ", Reporters.All.Select(r => r.Name))}");
            }

            result.Add((reporter, path));
        }

        if (result.Count == 0)
        {
            Reporters.TryGet("console", out var console);
            result.Add((console!, null));
        }

        if (result.Count(r => r.Item2 is null) > 1)
        {
            throw new InputException("more than one --format would go to standard output; give each but one an --output FILE");
        }

        return result;
    }
}
