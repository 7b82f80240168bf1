using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Network;

/// <summary>PFC-NET-012: model data in S3 is reachable through a gateway endpoint or NAT.</summary>
internal sealed class S3PathForModelDataRule : NetworkRule
{
    public override string Id => "PFC-NET-012";

    protected override string? NotApplicable(ModelPlan model) =>
        base.NotApplicable(model)
        ?? (model.Containers.Any(c => c.ModelDataUrl is not null) ? null : $"No container of model {model.Name} has a ModelDataUrl.");

    protected override IEnumerable<Finding> Judge(AwsScope scope)
    {
        foreach (var container in scope.Model.Containers.Where(c => c.ModelDataUrl is not null))
        {
            var target = $"container {container.Name}";
            var location = container.ModelDataUrl!.Location;
            var evidence = Evidence(("modelDataUrl", container.ModelDataUrl.Value));
            if (!container.ModelDataUrl.Value.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) && !container.ModelDataUrl.Value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                yield return scope.Finding(Outcome.NotApplicable, target, $"ModelDataUrl of container {container.Name} is not an S3 location.", evidence, location);
                continue;
            }

            var paths = SubnetInternetPath.For(scope, out var problem);
            var endpoints = scope.Network.VpcEndpoints;
            if (paths is null || !endpoints.Status.IsOk)
            {
                yield return scope.Finding(Outcome.Unknown, target,
                    $"Cannot tell how model {scope.Name} reaches S3: {problem ?? $"the VPC endpoints could not be read: {AwsText.Describe(endpoints.Status with { Action = endpoints.Status.Action ?? "ec2:DescribeVpcEndpoints" })}"}.",
                    evidence, location);
                continue;
            }

            var gateways = endpoints.Items
                .Where(e => e.VpcId == scope.ModelVpcId
                    && string.Equals(e.EndpointType, "Gateway", StringComparison.OrdinalIgnoreCase)
                    && e.ServiceName == $"com.amazonaws.{scope.Region}.s3"
                    && string.Equals(e.State, "available", StringComparison.OrdinalIgnoreCase))
                .ToArray();
            var missing = paths
                .Where(p => !p.ThroughNat && !gateways.Any(g => p.Table is not null && g.RouteTableIds.Contains(p.Table.RouteTableId)))
                .ToArray();
            evidence["paths"] = string.Join("; ", paths.Select(p => p.Describe()));
            evidence["s3GatewayEndpoints"] = AwsText.List(gateways.Select(g => $"{g.Id} ({AwsText.List(g.RouteTableIds)})"));
            yield return missing.Length == 0
                ? scope.Finding(Outcome.Pass, target, $"Every subnet of model {scope.Name} reaches S3 for {container.ModelDataUrl.Value}, through an S3 gateway endpoint or NAT.", evidence, location)
                : scope.Finding(Outcome.Fail, target,
                    $"Subnet(s) {AwsText.List(missing.Select(m => m.SubnetId))} of model {scope.Name} have neither an S3 gateway endpoint on their route table ({AwsText.List(missing.Select(m => m.Table?.RouteTableId ?? "none").Distinct())}) nor a NAT route, so the model data {container.ModelDataUrl.Value} cannot be downloaded and creation stops (SageMaker says: \"Please ensure that an S3 VPC endpoint exists in route table or NAT gateway for the VPC mode\"): add a gateway endpoint for com.amazonaws.{scope.Region}.s3 to those route tables.",
                    evidence, location);
        }
    }
}
