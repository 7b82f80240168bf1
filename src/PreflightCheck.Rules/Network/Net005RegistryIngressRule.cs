using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network.Reasoning;

namespace PreflightCheck.Rules.Network;

/// <summary>PFC-NET-005: the registry's security groups admit the model.</summary>
internal sealed class RegistryIngressRule : RegistryNetworkRule
{
    public override string Id => "PFC-NET-005";

    protected override IEnumerable<Finding> JudgeAddress(AwsScope scope, RegistryAddress registry)
    {
        var (interfaces, problem) = Interfaces(registry);
        var subnets = problem is null ? scope.ModelSubnets(out problem) : null;
        if (interfaces is null || subnets is null)
        {
            yield return scope.Finding(Outcome.Unknown, registry.Target, $"Cannot judge the inbound rules of registry {registry.Display}: {problem}.", RegistryEvidence(registry), registry.Location);
            yield break;
        }

        var source = new Peer(scope.GroupIds.Select(g => g.Value).ToArray(), scope.ModelVpcId, subnets.SelectMany(s => AwsScope.Blocks(s, registry.Address)).ToArray());
        foreach (var eni in interfaces)
        {
            var evidence = RegistryEvidence(registry, ("networkInterface", eni.Id), ("interfaceType", eni.InterfaceType), ("registryGroups", AwsText.List(eni.SecurityGroupIds)),
                ("modelGroups", AwsText.List(source.GroupIds)), ("modelSubnetCidrs", AwsText.List(source.Blocks.Select(b => b.ToString()))));
            var target = $"{registry.Target} via {eni.Id}";
            if (eni.SecurityGroupIds.Count == 0)
            {
                yield return scope.Finding(Outcome.Pass, target,
                    $"Interface {eni.Id} ({eni.Description ?? eni.InterfaceType}) of registry {registry.Display} has no security groups, so it filters nothing (a load balancer without groups passes traffic to its targets, whose own groups must admit it).",
                    evidence, registry.Location);
                continue;
            }

            var groups = scope.Groups(eni.SecurityGroupIds, out var groupProblem);
            if (groups is null)
            {
                yield return scope.Finding(Outcome.Unknown, target, groupProblem!, evidence, registry.Location);
                continue;
            }

            var verdict = SecurityGroupEvaluator.Ingress(groups, source, registry.Port, scope.PrefixLists);
            evidence["matchedRules"] = verdict.Explain();
            yield return verdict.Decision switch
            {
                Decision.Allowed => scope.Finding(Outcome.Pass, target,
                    $"Registry {registry.Display} admits TCP {registry.Port} from model {scope.Name}: {verdict.Explain()}.", evidence, registry.Location),
                Decision.Unknown => scope.Finding(Outcome.Unknown, target,
                    $"Cannot tell whether registry {registry.Display} admits model {scope.Name}: prefix list(s) {AwsText.List(verdict.UnresolvedPrefixLists)} could not be read (ec2:GetManagedPrefixListEntries).",
                    evidence, registry.Location),
                _ => scope.Finding(Outcome.Fail, target,
                    $"The security groups {AwsText.List(eni.SecurityGroupIds)} of registry {registry.Display} (interface {eni.Id}) do not admit TCP {registry.Port} from model {scope.Name}"
                    + (verdict.Matches.Count > 0 ? $" (only part of the model subnets is covered: {verdict.Explain()})" : "")
                    + (verdict.CrossVpcReferences.Count > 0 ? $" (a reference to {AwsText.List(verdict.CrossVpcReferences.Select(c => c.Rule))} from another VPC does not apply here)" : "")
                    + $": add an inbound rule for TCP {registry.Port} from the model's security group {scope.GroupIds.FirstOrDefault()?.Value} (or from the model subnets' CIDR blocks) to {eni.SecurityGroupIds[0]}.",
                    evidence, registry.Location),
            };
        }
    }
}
