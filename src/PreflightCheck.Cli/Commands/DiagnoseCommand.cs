using Cocona;
using PreflightCheck.Core;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Reports;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Cli.Commands;

public sealed class DiagnoseCommand(CommandLine commandLine)
{
    [Command("diagnose", Description = "Read an endpoint's FailureReason, run the checks it points to, and explain the failure")]
    public Task<int> Diagnose(
        CommonOptions common,
        RegistryAccessOptions access,
        [Option("endpoint", ValueName = "NAME", Description = "the SageMaker endpoint that failed")] string endpoint) =>
        CommandRunner.RunAsync(async () =>
        {
            // The explanation goes where a person reads: beside the console report, or to standard error when standard output carries a machine format.
            var toStdout = (common.Format ?? []).Length == 0 || ((common.Format ?? []).Length == 1 && common.Format![0] == "console" && (common.Output ?? []).Length == 0);
            var explain = toStdout ? Console.Out : Console.Error;
            var runner = new CheckRunner(Console.Out, Console.In, commandLine.Arguments);
            var run = runner.Prepare(new CheckRequest(common, access) { Endpoint = endpoint });
            using var session = CheckRunner.OpenSession(run);
            var plan = await PlanSource.ReadAsync(run.Request, run.Region, session).ConfigureAwait(false);
            var status = plan.Endpoints.FirstOrDefault();
            explain.WriteLine(Header(endpoint, status));
            var matches = FailureReasons.For(status?.FailureReason);
            foreach (var match in matches)
            {
                explain.WriteLine($"  \"{match.Text}\" points at: {match.Requirement} ({string.Join(", ", match.Rules)})");
            }

            explain.WriteLine();
            var selection = matches.Count == 0 ? run.Selection : new RuleSelection(matches.SelectMany(m => m.Rules).Distinct(), common.SkipRules);
            var facts = await runner.CollectAsync(run, plan, selection, session).ConfigureAwait(false);
            var (report, code) = runner.Finish(run, facts, selection);

            explain.WriteLine();
            explain.WriteLine(Verdict(report, matches));
            return code;
        });

    private static string Header(string endpoint, EndpointStatusFacts? status) =>
        status?.FailureReason is { Length: > 0 } reason
            ? $"Endpoint {endpoint} is {status.EndpointStatus ?? "in an unknown state"}.\nFailureReason: {reason}"
            : $"Endpoint {endpoint} is {status?.EndpointStatus ?? "in an unknown state"} and has no FailureReason: nothing failed to explain, so every check runs.";

    private static string Verdict(Report report, IReadOnlyList<FailureReasons.Match> matches)
    {
        var results = report.Results;
        var failed = results.Where(r => r.Outcome == Outcome.Fail && r.Suppression is null).ToArray();
        var unknown = results.Where(r => r.Outcome is Outcome.Unknown or Outcome.Error).ToArray();
        if (failed.Length > 0)
        {
            var lines = failed.Take(5).Select(r => $"  {r.RuleId} {r.Rule.Name} ({r.Target}): {r.Message}");
            return $"What is broken ({failed.Length} failed check(s)):\n{string.Join('\n', lines)}{(failed.Length > 5 ? "\n  ..." : "")}";
        }

        if (unknown.Length > 0)
        {
            return $"No check {(matches.Count > 0 ? "the failure points to " : "")}failed, but {unknown.Length} could not be made ({string.Join(", ", unknown.Select(r => r.RuleId).Distinct())}): see their messages above; the cause may be among them.";
        }

        return "Every check passed: the cause is not one this tool can see (look at the endpoint's CloudWatch logs).";
    }
}
