using System.Reflection;
using System.Text;
using PreflightCheck.Cli.Commands;
using PreflightCheck.Core;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Reports;
using PreflightCheck.Core.Rules;
using PreflightCheck.Inputs;
using PreflightCheck.Inputs.Templates;
using PreflightCheck.Inputs.SageMaker;
using PreflightCheck.Collectors.Aws;
using PreflightCheck.Inputs.Config;
using PreflightCheck.Reporting;
using PreflightCheck.Rules;

namespace PreflightCheck.Cli;

internal sealed record ScanRequest(string? NameContains, int Concurrency, bool Endpoints = false);

internal sealed record CheckRequest(
    CommonOptions Common,
    RegistryAccessOptions Access,
    string? Request,
    string? EndpointConfig,
    string? Template,
    string? Account,
    string? Model,
    string? Endpoint,
    string? Facts,
    string? SaveFacts,
    bool Offline)
{
    public ScanRequest? Scan { get; init; }

    /// <summary><c>--parameter Key=Value</c>: CloudFormation parameter values for <see cref="Template"/>.</summary>
    public IReadOnlyList<string>? Parameters { get; init; }
}

/// <summary>check: inputs → plan → collectors → facts → rules → reporters.</summary>
internal sealed class CheckRunner(TextWriter stdout, TextReader stdin)
{
    public static string ToolVersion { get; } =
        typeof(CheckRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>The endpoint's status and FailureReason when the plan was read with --endpoint (diagnose explains it).</summary>
    public EndpointStatusFacts? EndpointStatus { get; private set; }

    /// <summary>The report of the last run, for commands that explain it further.</summary>
    public Report? LastReport { get; private set; }

    public async Task<int> RunAsync(CheckRequest request, Func<EndpointStatusFacts?, RuleSelection, RuleSelection>? refine = null)
    {
        var common = request.Common;
        var failOn = ParseFailOn(common.FailOn);
        if (common.AllowUnknown && common.FailOnUnknown)
        {
            throw new InputException("give either --allow-unknown or --fail-on-unknown (the default), not both");
        }

        Collection.CheckTimeout(request.Access.Timeout);
        var region = AwsInputs.Region(common.Region);
        AwsInputs.EnsureProfileExists(common.Profile);
        var outputs = OutputPlan.From(OutputPlan.Pairs(PreflightApp.Arguments, common.Format ?? [], common.Output ?? []));
        var engine = BuiltInRules.CreateEngine();
        var config = ConfigFile.LoadFor(common.Config, Environment.CurrentDirectory, engine.Catalog);
        var selection = SelectRules(common, engine, request.Offline, config.DisabledRules);

        var sources = new[] { request.Request, request.Template, request.Facts, request.Model, request.Endpoint }.Count(s => s is not null) + (request.Scan is null ? 0 : 1);
        if (sources != 1)
        {
            throw new InputException(sources == 0
                ? "check needs an input: --request FILE (CreateModel JSON), --template FILE (CloudFormation or Terraform plan), --model NAME or --endpoint NAME (read from SageMaker), or --facts FILE (a saved snapshot)"
                : "give only one of --request, --template, --model, --endpoint and --facts");
        }

        if (request.Parameters is { Count: > 0 } && request.Template is null)
        {
            throw new InputException("--parameter goes with --template (a CloudFormation template's parameters)");
        }

        if (request.EndpointConfig is not null && request.Request is null)
        {
            throw new InputException("--endpoint-config goes with --request (a template carries its own endpoint configs)");
        }

        FactsSnapshot facts;
        if (request.Facts is not null)
        {
            facts = FactsFile.Load(request.Facts);
        }
        else
        {
            var aws = new AwsRun(new AwsAccessOptions(region, common.Profile, TimeSpan.FromSeconds(request.Access.Timeout)), !common.NoInvoke, common.DeployerArn);
            using var session = request.Model is not null || request.Endpoint is not null || request.Scan is not null ? AwsCollection.Create(aws.Access) : null;
            EndpointStatusFacts? endpointStatus = null;
            IReadOnlyList<EndpointStatusFacts> endpoints = [];
            DeploymentPlan plan;
            if (request.Template is not null)
            {
                plan = TemplateInput.Read(request.Template, region, request.Account, TemplateInput.Parameters(request.Parameters));
                foreach (var note in plan.Notes)
                {
                    Console.Error.WriteLine($"note: {note}");
                }
            }
            else if (request.Request is not null)
            {
                plan = RequestInput.Read(request.Request, request.EndpointConfig, region);
            }
            else if (request.Scan is { Endpoints: true } endpointScan)
            {
                (plan, endpoints) = await new SageMakerPlanReader(session!.SageMaker)
                    .ReadAllEndpointsAsync(endpointScan.NameContains, endpointScan.Concurrency, Progress("endpoints"), CancellationToken.None, Warn).ConfigureAwait(false);
            }
            else if (request.Scan is { } scan)
            {
                plan = await new SageMakerPlanReader(session!.SageMaker).ReadAllModelsAsync(scan.NameContains, scan.Concurrency, Progress("models"), CancellationToken.None, Warn).ConfigureAwait(false);
            }
            else if (request.Model is not null)
            {
                plan = await new SageMakerPlanReader(session!.SageMaker).ReadModelAsync(request.Model, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                (plan, endpointStatus) = await new SageMakerPlanReader(session!.SageMaker).ReadEndpointAsync(request.Endpoint!, CancellationToken.None).ConfigureAwait(false);
                endpoints = [endpointStatus];
            }

            facts = FactsSnapshot.ForPlan(plan, DateTimeOffset.UtcNow);
            selection = refine?.Invoke(endpointStatus, selection) ?? selection;
            var needs = Collection.Needed(engine.Select(selection));
            if (needs != FactNeeds.None)
            {
                facts = await Collection.RunAsync(facts, needs, Collection.Context(request.Access, common.PullTest, stdin), aws with { Session = session }, CancellationToken.None).ConfigureAwait(false);
            }

            EndpointStatus = endpointStatus;
            if (endpoints.Count > 0 && facts.Aws is not null)
            {
                facts = facts with { Aws = facts.Aws with { Endpoints = endpoints } };
            }
        }

        if (request.SaveFacts is not null)
        {
            WriteFile(request.SaveFacts, writer => writer.Write(FactsJson.Serialize(facts)));
        }

        // Unresolved template values first: a value nobody could read is unknown before any suppression is weighed.
        var unresolved = UnresolvedValues.For(facts.Plan);
        var stamp = EndpointStamp(facts.Plan);
        var (evaluated, results) = engine.Evaluate(facts, selection, config.Apply(RuleSettings.Default), r => config.Apply(unresolved(stamp(r)), facts.CollectedAt));
        evaluated = evaluated.Select(config.Apply).ToArray();
        var report = LastReport = new Report(
            new ToolInfo("preflight", ToolVersion, Collectors.Tls.PublicRoots.Describe(request.Access.PublicRoots)),
            facts.Plan.Models.Select(m => new PlanInfo(facts.Plan.Source, facts.Plan.Region, m.Name, m.Endpoint, m.Resource)).ToArray(),
            evaluated,
            results,
            facts.CollectedAt);

        var gate = new Gate(failOn, UnknownFails: !common.AllowUnknown);
        foreach (var (reporter, path) in outputs)
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
        if (outputs.All(o => o.Path is not null))
        {
            // Every report went to a file: a CI log still says why the job passed or failed.
            Console.Error.WriteLine(ReportText.VerdictLine(report, exitCode, common.FailOn));
        }

        return exitCode;
    }

    /// <summary>
    /// Names the endpoint on results whose rule did not: a rule walks the plan's models in order, so the k-th result with the
    /// same rule, model and target belongs to the k-th endpoint that uses that model (a model shared by endpoints appears once per endpoint).
    /// </summary>
    internal static Func<RuleResult, RuleResult> EndpointStamp(DeploymentPlan plan)
    {
        var endpoints = plan.Models.Where(m => m.Endpoint is not null).GroupBy(m => m.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(m => m.Endpoint!).ToArray(), StringComparer.Ordinal);
        if (endpoints.Count == 0)
        {
            return r => r;
        }

        var seen = new Dictionary<(string, string, string), int>();
        return r =>
        {
            if (r.Endpoint is not null || !endpoints.TryGetValue(r.Model, out var used))
            {
                return r;
            }

            var key = (r.RuleId, r.Model, r.Target);
            var k = seen.GetValueOrDefault(key);
            seen[key] = k + 1;
            return r with { Endpoint = used[Math.Min(k, used.Length - 1)] };
        };
    }

    internal static RuleSelection SelectRules(CommonOptions common, RuleEngine engine, bool offline, IEnumerable<string>? disabled = null)
    {
        foreach (var pattern in (common.Rules ?? []).Concat(common.SkipRules ?? []))
        {
            if (!RuleSelection.MatchesAny(pattern, engine.Catalog))
            {
                var hint = Suggestions.DidYouMean(Suggestions.ForRule(pattern, engine.Catalog));
                throw new InputException($"rule pattern '{pattern}' matches no rule{hint}; 'preflight rules' lists them");
            }
        }

        var disabledRules = disabled?.ToArray() ?? [];
        var selection = new RuleSelection(common.Rules, (common.SkipRules ?? []).Concat(disabledRules), offline);
        if (engine.Select(selection).Count == 0)
        {
            // A gate that judged nothing must not pass.
            var given = (common.Rules ?? []).Select(p => $"--rules {p}")
                .Concat((common.SkipRules ?? []).Select(p => $"--skip-rules {p}"))
                .Concat(offline ? ["--offline"] : [])
                .Concat(disabledRules.Length > 0 ? [$"disabled in the config: {string.Join(", ", disabledRules)}"] : []);
            var why = offline ? " (--offline runs only the rules of KIND static in 'preflight rules')" : "; 'preflight rules' lists them";
            throw new InputException($"no rule to run: {string.Join(", ", given)} select none{why}");
        }

        return selection;
    }

    /// <summary>A one-line progress count on a terminal's standard error; nothing when it is redirected.</summary>
    private static void Warn(string message)
    {
        lock (Console.Error)
        {
            Console.Error.WriteLine($"warning: {message}");
        }
    }

    private static IProgress<(int Done, int Total)>? Progress(string what) =>
        Console.IsErrorRedirected ? null : new Progress<(int Done, int Total)>(p =>
        {
            var width = 30;
            var filled = p.Total == 0 ? width : p.Done * width / p.Total;
            Console.Error.Write($"\rreading {what} [{new string('#', filled)}{new string('.', width - filled)}] {p.Done}/{p.Total}");
            if (p.Done == p.Total)
            {
                Console.Error.WriteLine();
            }
        });

    internal static FailOn ParseFailOn(string text) => text.ToLowerInvariant() switch
    {
        "error" => FailOn.Error,
        "warning" => FailOn.Warning,
        "note" => FailOn.Note,
        "never" => FailOn.Never,
        _ => throw new InputException($"--fail-on '{text}' is not one of error, warning, note, never{Suggestions.DidYouMean(text, ["error", "warning", "note", "never"])}"),
    };

    private static bool UseColor(CommonOptions common) =>
        !common.NoColor
        && !Console.IsOutputRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && Environment.GetEnvironmentVariable("TERM") != "dumb";

    private static void WriteFile(string path, Action<TextWriter> write)
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
}

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
