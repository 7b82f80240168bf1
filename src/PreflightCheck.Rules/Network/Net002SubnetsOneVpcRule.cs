using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Network;

/// <summary>PFC-NET-002: the model subnets share one VPC.</summary>
internal sealed class SubnetsOneVpcRule : NetworkRule
{
    public override string Id => "PFC-NET-002";

    protected override IEnumerable<Finding> Judge(AwsScope scope)
    {
        var target = $"model {scope.Name}";
        var location = scope.Model.VpcConfig!.Location;
        var known = scope.SubnetIds.Select(s => scope.Subnet(s.Value)).Where(s => s is { Status.IsOk: true, VpcId: not null }).Select(s => s!).ToArray();
        var byVpc = known.GroupBy(s => s.VpcId!).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
        var evidence = Evidence(("subnets", string.Join(", ", known.Select(s => $"{s.Id} in {s.VpcId}"))));
        if (byVpc.Length > 1)
        {
            yield return scope.Finding(Outcome.Fail, target,
                $"The subnets of model {scope.Name} are in {byVpc.Length} VPCs ({string.Join("; ", byVpc.Select(g => $"{g.Key}: {AwsText.List(g.Select(s => s.Id))}"))}); a model attaches to one VPC. Keep only the subnets of the VPC from which the registry is reachable.",
                evidence, location);
            yield break;
        }

        if (known.Length < scope.SubnetIds.Count)
        {
            var missing = scope.SubnetIds.First(s => !known.Any(k => k.Id == s.Value));
            yield return scope.Finding(Outcome.Unknown, target,
                $"Cannot tell whether all subnets of model {scope.Name} share one VPC: {AwsText.Failed(scope.Subnet(missing.Value)?.Status, $"subnet {missing.Value}", "ec2:DescribeSubnets")}",
                evidence, missing.Location);
            yield break;
        }

        yield return scope.Finding(Outcome.Pass, target,
            $"All {known.Length} subnet(s) of model {scope.Name} are in {byVpc.FirstOrDefault()?.Key ?? "no VPC"}.", evidence, location);
    }
}
