using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network.Reasoning;

namespace PreflightCheck.Rules.Network;

/// <summary>PFC-NET-008: each model subnet routes the registry address.</summary>
internal sealed class RouteToRegistryRule : RegistryNetworkRule
{
    public override string Id => "PFC-NET-008";

    private static readonly RouteTarget[] Usable =
        [RouteTarget.Local, RouteTarget.VpcPeering, RouteTarget.TransitGateway, RouteTarget.VirtualPrivateGateway, RouteTarget.NatGateway, RouteTarget.NatInstance];

    protected override IEnumerable<Finding> JudgeAddress(AwsScope scope, RegistryAddress registry)
    {
        var tables = scope.Network.RouteTables;
        foreach (var id in scope.SubnetIds)
        {
            var target = $"subnet {id.Value} to {registry.Display}";
            var subnet = scope.Subnet(id.Value);
            if (!tables.Status.IsOk || subnet is not { Status.IsOk: true, VpcId: not null })
            {
                yield return scope.Finding(Outcome.Unknown, target,
                    !tables.Status.IsOk
                        ? $"Cannot read the route tables: {AwsText.Describe(tables.Status with { Action = tables.Status.Action ?? "ec2:DescribeRouteTables" })}."
                        : AwsText.Failed(subnet?.Status, $"subnet {id.Value}", "ec2:DescribeSubnets"),
                    RegistryEvidence(registry, ("subnet", id.Value)), id.Location);
                continue;
            }

            var lookup = RouteEvaluator.Lookup(AwsModels.RouteTables(scope.Network), id.Value, subnet.VpcId, registry.Address, scope.PrefixLists);
            var evidence = RegistryEvidence(registry, ("subnet", id.Value), ("routeTable", lookup.Table?.RouteTableId),
                ("tableSource", lookup.ViaMainTable ? "main route table (no explicit association)" : "explicit association"), ("route", lookup.Route?.Describe()));
            if (lookup.Table is null)
            {
                yield return scope.Finding(Outcome.Unknown, target, $"No route table was found for subnet {id.Value} (neither an association nor the main table of {subnet.VpcId}).", evidence, id.Location);
            }
            else if (lookup.Route is null)
            {
                yield return scope.Finding(Outcome.Fail, target,
                    $"Route table {lookup.Table.RouteTableId} of subnet {id.Value} has no route covering the registry address {registry.Facts.Address}: add a route to it (peering, transit gateway, VPN gateway, or NAT for a public address).",
                    evidence, id.Location);
            }
            else if (!lookup.Route.Active)
            {
                yield return scope.Finding(Outcome.Fail, target,
                    $"The most specific route for {registry.Facts.Address} in {lookup.Table.RouteTableId} ({lookup.Route.Describe()}) is a blackhole: its target is gone. Replace the route's target or delete the route.",
                    evidence, id.Location);
            }
            else if (!Usable.Contains(lookup.Route.Kind))
            {
                yield return scope.Finding(Outcome.Fail, target,
                    lookup.Route.Kind == RouteTarget.InternetGateway
                        ? $"Subnet {id.Value} reaches {registry.Facts.Address} only through internet gateway {lookup.Route.TargetId}, which does not serve the model's interfaces (they get no public address): route through a NAT gateway, or keep the registry inside the VPC."
                        : $"Subnet {id.Value} sends {registry.Facts.Address} to {lookup.Route.TargetId}, not to a local, peering, transit gateway, VPN gateway or NAT target.",
                    evidence, id.Location);
            }
            else
            {
                yield return scope.Finding(Outcome.Pass, target,
                    $"Subnet {id.Value} routes {registry.Facts.Address} via {lookup.Route.Describe()} in {lookup.Table.RouteTableId}{(lookup.ViaMainTable ? " (the main route table)" : "")}.", evidence, id.Location);
            }
        }
    }
}
