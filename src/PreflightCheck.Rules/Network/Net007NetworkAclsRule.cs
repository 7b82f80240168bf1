using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network.Reasoning;

namespace PreflightCheck.Rules.Network;

/// <summary>PFC-NET-007: network ACLs pass the connection and its replies, per model subnet.</summary>
internal sealed class NetworkAclsRule : RegistryNetworkRule
{
    public override string Id => "PFC-NET-007";

    protected override IEnumerable<Finding> JudgeAddress(AwsScope scope, RegistryAddress registry)
    {
        var acls = scope.Network.NetworkAcls;
        var registrySubnet = registry.Facts.Interfaces.Select(i => i.SubnetId).FirstOrDefault(s => s is not null);
        foreach (var id in scope.SubnetIds)
        {
            var target = $"subnet {id.Value} to {registry.Display}";
            var subnet = scope.Subnet(id.Value);
            if (!acls.Status.IsOk || subnet is null || !subnet.Status.IsOk)
            {
                yield return scope.Finding(Outcome.Unknown, target,
                    !acls.Status.IsOk
                        ? $"Cannot read the network ACLs: {AwsText.Describe(acls.Status with { Action = acls.Status.Action ?? "ec2:DescribeNetworkAcls" })}."
                        : AwsText.Failed(subnet?.Status, $"subnet {id.Value}", "ec2:DescribeSubnets"),
                    RegistryEvidence(registry, ("subnet", id.Value)), id.Location);
                continue;
            }

            var modelAcl = AwsModels.AclOf(scope.Network, id.Value);
            var registryAcl = registrySubnet is null || registrySubnet == id.Value ? null : AwsModels.AclOf(scope.Network, registrySubnet);
            var blocks = AwsScope.Blocks(subnet, registry.Address);
            if (modelAcl is null || blocks.Count == 0)
            {
                yield return scope.Finding(Outcome.Unknown, target,
                    modelAcl is null ? $"No network ACL associated with subnet {id.Value} was returned." : $"Subnet {id.Value} has no {(registry.IsIpv4 ? "IPv4" : "IPv6")} block to reach {registry.Facts.Address} from.",
                    RegistryEvidence(registry, ("subnet", id.Value)), id.Location);
                continue;
            }

            if (registrySubnet == id.Value)
            {
                yield return scope.Finding(Outcome.Pass, target,
                    $"Registry {registry.Display} is in subnet {id.Value} itself; traffic inside a subnet does not pass its network ACL.", RegistryEvidence(registry, ("subnet", id.Value)), id.Location);
                continue;
            }

            var checks = NaclEvaluator.Connection(AwsModels.ToModel(modelAcl), blocks[0], registryAcl is null ? null : AwsModels.ToModel(registryAcl), registry.Address, registry.Port);
            var denied = checks.Where(c => c.Verdict.Decision != Decision.Allowed).ToArray();
            var evidence = RegistryEvidence(registry, ("subnet", id.Value), ("modelAcl", modelAcl.Id), ("registryAcl", registryAcl?.Id),
                ("evaluation", string.Join("; ", checks.Select(c => c.Verdict.Explain(c.AclId)))));
            var registryNote = registryAcl is null && registrySubnet is null ? " The registry's subnet is not known here, so only the model side was checked." : "";
            // Both subnets may share one ACL: each ACL is named once, with every flow it drops.
            var drops = denied.GroupBy(d => d.AclId, StringComparer.Ordinal)
                .Select(g => $"{g.Key} {string.Join(", and ", g.Select(d => d.Verdict.Explain("").TrimStart()))}");
            var passing = registryAcl is null || registryAcl.Id == modelAcl.Id ? $"Network ACL {modelAcl.Id} passes" : $"Network ACLs {modelAcl.Id} and {registryAcl.Id} pass";
            yield return denied.Length == 0
                ? scope.Finding(Outcome.Pass, target,
                    $"{passing} TCP {registry.Port} from subnet {id.Value} to {registry.Facts.Address} and the replies on 1024-65535.{registryNote}",
                    evidence, id.Location)
                : scope.Finding(Outcome.Fail, target,
                    $"Network ACLs drop the registry connection from subnet {id.Value}: {string.Join("; ", drops)}. ACLs are stateless: allow the registry port towards the registry and TCP 1024-65535 for the replies, with a rule number lower than any deny that matches.",
                    evidence, id.Location);
        }
    }
}
