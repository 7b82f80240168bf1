using PreflightCheck.Core.Images;
using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Registry;

/// <summary>
/// Shared walk for the <c>--run-test</c> rules: one finding per container with an image. Without <c>--run-test</c> they are
/// notApplicable (nothing was run); with it, an engine that could not be used makes them unknown, naming why.
/// </summary>
internal abstract class RunTestRule : Rule
{
    public override FactNeeds Needs => FactNeeds.Registry | FactNeeds.RunTest;

    public sealed override IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var facts = context.Facts;
        var run = facts.Collectors.FirstOrDefault(c => c.Name == CollectorNames.RunTest);
        foreach (var model in facts.Plan.Models)
        {
            foreach (var container in model.Containers)
            {
                if (RegistryRule.OutOfScope(model, container) is { } outOfScope)
                {
                    yield return outOfScope;
                    continue;
                }

                if (container.Image is null)
                {
                    continue;
                }

                var test = facts.RunTests.FirstOrDefault(t => t.Model == model.Name && t.Container == container.Name);
                var evidence = new Dictionary<string, string>(StringComparer.Ordinal) { ["image"] = container.Image.Value };
                Verdict verdict;
                if (test is null)
                {
                    verdict = run is null
                        ? new Verdict(Outcome.NotApplicable, $"The container was not started: the smoke test runs only with --run-test (image '{container.Image.Value}').")
                        : new Verdict(Outcome.Unknown, $"The container was not started: the run test ended {run.Status}{Suffix(run.Message)}.");
                }
                else if (test.Status != CollectionStatus.Ok)
                {
                    evidence["engine"] = test.Endpoint;
                    verdict = new Verdict(Outcome.Unknown, $"The container could not be started through the Docker Engine API at {test.Endpoint} ({test.Status}){Suffix(test.Message)}.");
                }
                else
                {
                    evidence["engine"] = test.Endpoint;
                    verdict = Judge(test);
                }

                foreach (var (k, v) in verdict.Evidence ?? new Dictionary<string, string>())
                {
                    evidence[k] = v;
                }

                yield return new Finding(verdict.Outcome, model.Name, $"container {container.Name}", verdict.Message, evidence, container.Image.Location, model.Endpoint);
            }
        }
    }

    protected abstract Verdict Judge(RunTestFacts test);

    protected static string Suffix(string? message) => message is null ? "" : ": " + message;

    protected static string MiB(long bytes) => $"{bytes / (1024.0 * 1024.0):0.#} MiB";

    /// <summary>How the container ended, with its last log lines, for messages about a container that stopped.</summary>
    protected static string Death(RunTestFacts test)
    {
        var how = test.OomKilled ? $"was killed for exceeding its memory limit (exit code {test.ExitCode})" : $"exited with code {test.ExitCode}";
        var log = test.LogTail.Count == 0 ? " and logged nothing" : $"; its last log line: \"{test.LogTail[^1]}\"";
        return how + log;
    }

    protected static Dictionary<string, string> Common(RunTestFacts test)
    {
        var evidence = new Dictionary<string, string>(StringComparer.Ordinal);
        if (test.ExitCode is { } code)
        {
            evidence["exitCode"] = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (test.LogTail.Count > 0)
        {
            evidence["logTail"] = string.Join("\n", test.LogTail);
        }

        return evidence;
    }
}
