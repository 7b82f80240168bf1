using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network.Reasoning;

namespace PreflightCheck.Rules.Network;

/// <summary>PFC-NET-004: the registry address lies in the model VPC, or a route to it exists.</summary>
internal sealed class RegistryInVpcRule : RegistryNetworkRule
{
    public override string Id => "PFC-NET-004";

    protected override IEnumerable<Finding> JudgeAddress(AwsScope scope, RegistryAddress registry)
    {
        var vpcId = scope.ModelVpcId;
        var vpc = scope.Vpc(vpcId);
        if (vpc is null || !vpc.Status.IsOk)
        {
            yield return scope.Finding(Outcome.Unknown, registry.Target,
                vpcId is null
                    ? $"The VPC of model {scope.Name} is not known (see PFC-NET-001 and PFC-NET-002), so the registry address {registry.Facts.Address} cannot be placed."
                    : AwsText.Failed(vpc?.Status, $"VPC {vpcId}", "ec2:DescribeVpcs"),
                RegistryEvidence(registry), registry.Location);
            yield break;
        }

        var blocks = AwsScope.VpcBlocks(vpc);
        var inside = blocks.FirstOrDefault(b => b.Covers(registry.Address));
        var evidence = RegistryEvidence(registry, ("vpc", vpc.Id), ("vpcCidrBlocks", AwsText.List(blocks.Select(b => b.ToString()))));
        if (blocks.Any(b => b.Covers(registry.Address)))
        {
            yield return scope.Finding(Outcome.Pass, registry.Target,
                $"Registry {registry.Display} lies inside {vpc.Id} ({inside}), the VPC of model {scope.Name}.", evidence, registry.Location);
            yield break;
        }

        if (!scope.Network.RouteTables.Status.IsOk)
        {
            yield return scope.Finding(Outcome.Unknown, registry.Target,
                $"Registry {registry.Display} is outside {vpc.Id}, and the route tables that could reach it were not read: {AwsText.Describe(scope.Network.RouteTables.Status with { Action = scope.Network.RouteTables.Status.Action ?? "ec2:DescribeRouteTables" })}.",
                evidence, registry.Location);
            yield break;
        }

        var tables = AwsModels.RouteTables(scope.Network);
        var lookups = scope.SubnetIds.Select(s => (Subnet: s.Value, Lookup: RouteEvaluator.Lookup(tables, s.Value, vpc.Id, registry.Address, scope.PrefixLists))).ToArray();
        evidence["routes"] = AwsText.List(lookups.Select(l => $"{l.Subnet}: {l.Lookup.Table?.RouteTableId ?? "no table"} {l.Lookup.Route?.Describe() ?? "no route"}"));
        // A network interface of this account holding the address makes it a VPC address whatever its range (VPCs may use
        // non-RFC 1918 blocks), so peering or transit routes apply rather than NAT.
        var isPrivate = IsPrivate(registry.Address) || Interfaces(registry).Interfaces is { Count: > 0 };
        RouteTarget[] wanted = isPrivate
            ? [RouteTarget.VpcPeering, RouteTarget.TransitGateway, RouteTarget.VirtualPrivateGateway]
            : [RouteTarget.NatGateway, RouteTarget.NatInstance];
        var unrouted = lookups.Where(l => !(l.Lookup.Routed && wanted.Contains(l.Lookup.Route!.Kind))).Select(l => l.Subnet).ToArray();
        if (unrouted.Length == 0)
        {
            yield return scope.Finding(Outcome.Pass, registry.Target,
                isPrivate
                    ? $"Registry {registry.Display} is outside {vpc.Id} but every model subnet routes it through {AwsText.List(lookups.Select(l => l.Lookup.Route!.TargetId).Distinct())}. AWS documents this setup: a registry in another VPC needs a networking connection between the two VPCs, such as VPC peering; the registry side must route the model subnets back too."
                    : $"Registry {registry.Display} has a public address, reached from every model subnet through NAT ({AwsText.List(lookups.Select(l => l.Lookup.Route!.TargetId).Distinct())}).",
                evidence, registry.Location);
        }
        else
        {
            yield return scope.Finding(Outcome.Fail, registry.Target,
                isPrivate
                    ? $"Registry {registry.Display} is outside {vpc.Id} ({AwsText.List(blocks.Select(b => b.ToString()))}) and model subnet(s) {AwsText.List(unrouted)} have no peering, transit gateway or VPN route to it: run the registry (or a mirror) inside the model VPC, or add such a route (see PFC-NET-008)."
                    : $"Registry {registry.Display} has a public address and model subnet(s) {AwsText.List(unrouted)} have no NAT route to it (the model's interfaces get no public address): route 0.0.0.0/0 to a NAT gateway, or serve the registry inside the VPC.",
                evidence, registry.Location);
        }
    }
}

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
