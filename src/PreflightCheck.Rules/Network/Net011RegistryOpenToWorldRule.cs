using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network.Reasoning;

namespace PreflightCheck.Rules.Network;

/// <summary>PFC-NET-011: no registry group opens the registry port to the whole internet.</summary>
internal sealed class RegistryOpenToWorldRule : RegistryNetworkRule
{
    public override string Id => "PFC-NET-011";

    protected override IEnumerable<Finding> JudgeAddress(AwsScope scope, RegistryAddress registry)
    {
        var (interfaces, problem) = Interfaces(registry);
        if (interfaces is null)
        {
            yield return scope.Finding(Outcome.Unknown, registry.Target, $"Cannot read the security groups of registry {registry.Display}: {problem}.", RegistryEvidence(registry), registry.Location);
            yield break;
        }

        foreach (var groupId in interfaces.SelectMany(i => i.SecurityGroupIds).Distinct().Order(StringComparer.Ordinal))
        {
            var target = $"security group {groupId} of {registry.Host}:{registry.Port}";
            var groups = scope.Groups([groupId], out var groupProblem);
            var evidence = RegistryEvidence(registry, ("securityGroup", groupId));
            if (groups is null)
            {
                yield return scope.Finding(Outcome.Unknown, target, groupProblem!, evidence, registry.Location);
                continue;
            }

            var open = SecurityGroupEvaluator.OpenToWorld(groups, registry.Port);
            evidence["openRules"] = AwsText.List(open.Select(o => o.Rule));
            yield return open.Count == 0
                ? scope.Finding(Outcome.Pass, target, $"Security group {groupId} of registry {registry.Display} does not open port {registry.Port} to 0.0.0.0/0 or ::/0.", evidence, registry.Location)
                : scope.Finding(Outcome.Fail, target,
                    $"Security group {groupId} of registry {registry.Display} lets anyone reach port {registry.Port} ({AwsText.List(open.Select(o => o.Rule))}): replace it with a rule from the model's security group or the model subnets.",
                    evidence, registry.Location);
        }
    }
}
