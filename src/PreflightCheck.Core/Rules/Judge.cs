using PreflightCheck.Core.Configuration;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Reports;

namespace PreflightCheck.Core.Rules;

/// <summary>
/// Facts to report, the one way every command and test takes: the selected rules over the snapshot; each result named with
/// its endpoint, made unknown when it read a value nobody could resolve, then levelled and suppressed by the configuration.
/// </summary>
internal sealed class Judge(RuleEngine engine, ToolInfo tool)
{
    public Report Run(FactsSnapshot facts, RuleSelection selection, PreflightConfig? config = null)
    {
        config ??= PreflightConfig.Empty;

        // Unresolved template values first: a value nobody could read is unknown before any suppression is weighed.
        var unresolved = UnresolvedValues.For(facts.Plan);
        var stamp = EndpointStamp(facts.Plan);
        var (evaluated, results) = engine.Evaluate(
            facts, selection, config.Apply(RuleSettings.Default), r => config.Apply(unresolved(stamp(r)), facts.CollectedAt));
        return new Report(
            tool,
            facts.Plan.Models.Select(m => new PlanInfo(facts.Plan.Source, facts.Plan.Region, m.Name, m.Endpoint, m.Resource)).ToArray(),
            evaluated.Select(config.Apply).ToArray(),
            results,
            facts.CollectedAt);
    }

    /// <summary>
    /// Names the endpoint on results whose rule did not: a rule walks the plan's models in order, so the k-th result with the
    /// same rule, model and target belongs to the k-th endpoint that uses that model (a model shared by endpoints appears once per endpoint).
    /// </summary>
    private static Func<RuleResult, RuleResult> EndpointStamp(DeploymentPlan plan)
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
}
