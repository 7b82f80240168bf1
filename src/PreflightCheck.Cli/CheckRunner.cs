using System.Reflection;
using PreflightCheck.Collectors.Aws;
using PreflightCheck.Collectors.Tls;
using PreflightCheck.Core;
using PreflightCheck.Core.Configuration;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Reports;
using PreflightCheck.Core.Rules;
using PreflightCheck.Inputs;
using PreflightCheck.Inputs.Config;
using PreflightCheck.Rules;

namespace PreflightCheck.Cli;

/// <summary>A check whose options were all accepted: what every step after <see cref="CheckRunner.Prepare"/> reads.</summary>
internal sealed record CheckRun(CheckRequest Request, string? Region, AwsRun Aws, PreflightConfig Config, RuleSelection Selection, RuleEngine Engine, ReportOutput Output);

/// <summary>
/// check, scan and diagnose, step by step: options → plan → collectors → facts → <see cref="Judge"/> → reporters.
/// <see cref="RunAsync"/> takes every step; diagnose takes them itself to choose the rules from the endpoint's FailureReason.
/// </summary>
internal sealed class CheckRunner(TextWriter stdout, TextReader stdin, IReadOnlyList<string> arguments)
{
    public static string ToolVersion { get; } =
        typeof(CheckRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public async Task<int> RunAsync(CheckRequest request)
    {
        var run = Prepare(request);
        FactsSnapshot facts;
        if (request.Facts is not null)
        {
            facts = FactsFile.Load(request.Facts);
        }
        else
        {
            using var session = OpenSession(run);
            var plan = await PlanSource.ReadAsync(request, run.Region, session).ConfigureAwait(false);
            facts = await CollectAsync(run, plan, run.Selection, session).ConfigureAwait(false);
        }

        return Finish(run, facts, run.Selection).ExitCode;
    }

    /// <summary>Every option checked before any work: a usage error is exit 2 before anything is read or collected.</summary>
    public CheckRun Prepare(CheckRequest request)
    {
        var common = request.Common;
        var failOn = ReportOutput.ParseFailOn(common.FailOn);
        if (common.AllowUnknown && common.FailOnUnknown)
        {
            throw new InputException("give either --allow-unknown or --fail-on-unknown (the default), not both");
        }

        Collection.CheckTimeout(request.Access.Timeout);
        var region = AwsInputs.Region(common.Region);
        AwsInputs.EnsureProfileExists(common.Profile);
        var targets = OutputPlan.From(OutputPlan.Pairs(arguments, common.Format ?? [], common.Output ?? []));
        var engine = BuiltInRules.CreateEngine();
        var config = ConfigFile.LoadFor(common.Config, Environment.CurrentDirectory, engine.Catalog);
        var selection = RuleChoice.Select(common, engine, request.Offline, config.DisabledRules);
        PlanSource.Validate(request);

        var aws = new AwsRun(new AwsAccessOptions(region, common.Profile, TimeSpan.FromSeconds(request.Access.Timeout)), !common.NoInvoke, common.DeployerArn);
        var output = new ReportOutput(targets, new Gate(failOn, UnknownFails: !common.AllowUnknown), common);
        return new CheckRun(request, region, aws, config, selection, engine, output);
    }

    /// <summary>The AWS session a plan read from SageMaker needs; collection reuses it.</summary>
    public static AwsCollection? OpenSession(CheckRun run) =>
        PlanSource.FromSageMaker(run.Request) ? AwsCollection.Create(run.Aws.Access) : null;

    /// <summary>Runs the collectors the selected rules need over the plan.</summary>
    public async Task<FactsSnapshot> CollectAsync(CheckRun run, PlanRead read, RuleSelection selection, AwsCollection? session)
    {
        var facts = FactsSnapshot.ForPlan(read.Plan, DateTimeOffset.UtcNow);
        var needs = Collection.Needed(run.Engine.Select(selection));
        if (needs != FactNeeds.None)
        {
            var context = Collection.Context(run.Request.Access, run.Request.Common, stdin);
            facts = await Collection.RunAsync(facts, needs, context, run.Aws with { Session = session }, CancellationToken.None).ConfigureAwait(false);
        }

        return read.Endpoints.Count > 0 && facts.Aws is not null
            ? facts with { Aws = facts.Aws with { Endpoints = read.Endpoints } }
            : facts;
    }

    /// <summary>Saves the facts when asked, judges them and writes every report.</summary>
    public (Report Report, int ExitCode) Finish(CheckRun run, FactsSnapshot facts, RuleSelection selection)
    {
        if (run.Request.SaveFacts is not null)
        {
            ReportOutput.WriteFile(run.Request.SaveFacts, writer => writer.Write(FactsJson.Serialize(facts)));
        }

        var tool = new ToolInfo("preflight", ToolVersion, PublicRoots.Describe(run.Request.Access.PublicRoots));
        var report = new Judge(run.Engine, tool).Run(facts, selection, run.Config);
        return (report, run.Output.Write(report, stdout));
    }
}
