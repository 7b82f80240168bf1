using PreflightCheck.Core.Facts;
using PreflightCheck.Rules.Network.Reasoning;

namespace PreflightCheck.Rules.Network;

/// <summary>How each model subnet reaches the internet: the route table in effect and its 0.0.0.0/0 route.</summary>
internal sealed record SubnetInternetPath(string SubnetId, RouteTableModel? Table, bool ViaMain, RouteEntry? DefaultRoute)
{
    public bool ThroughNat => DefaultRoute is { Active: true, Kind: RouteTarget.NatGateway or RouteTarget.NatInstance };

    public string Describe() =>
        $"{SubnetId}: {Table?.RouteTableId ?? "no route table"}{(ViaMain ? " (main)" : "")} {DefaultRoute?.Describe() ?? "no 0.0.0.0/0 route"}";

    /// <summary>
    /// Why the NAT gateway this path routes to cannot carry traffic to the internet (a private NAT gateway, or one that is
    /// not available), or null. A gateway the collector did not list is taken as the route says.
    /// </summary>
    public string? NatGatewayProblem(AwsNetworkFacts network)
    {
        var gateway = DefaultRoute is { Kind: RouteTarget.NatGateway } route
            ? network.NatGateways.Items.FirstOrDefault(n => n.Id == route.TargetId)
            : null;
        return gateway switch
        {
            { ConnectivityType: "private" } => $"NAT gateway {gateway.Id} is a private NAT gateway, which does not reach the internet",
            { State: not null and not "available" } => $"NAT gateway {gateway.Id} is {gateway.State}",
            _ => null,
        };
    }

    /// <summary>Null when the route tables or a subnet could not be read; the reason in <paramref name="problem"/>.</summary>
    public static IReadOnlyList<SubnetInternetPath>? For(AwsScope scope, out string? problem)
    {
        var tables = scope.Network.RouteTables;
        if (!tables.Status.IsOk)
        {
            problem = $"the route tables could not be read: {AwsText.Describe(tables.Status with { Action = tables.Status.Action ?? "ec2:DescribeRouteTables" })}";
            return null;
        }

        var subnets = scope.ModelSubnets(out problem);
        if (subnets is null)
        {
            return null;
        }

        var models = AwsModels.RouteTables(scope.Network);
        return subnets.Select(s =>
        {
            var (table, viaMain) = RouteEvaluator.TableFor(models, s.Id, s.VpcId ?? "");
            return new SubnetInternetPath(s.Id, table, viaMain, table is null ? null : RouteEvaluator.DefaultRoute(table));
        }).ToArray();
    }
}
