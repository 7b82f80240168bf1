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
