using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Network;

/// <summary>PFC-NET-001: every model subnet exists.</summary>
internal sealed class SubnetsExistRule : NetworkRule
{
    public override string Id => "PFC-NET-001";

    protected override IEnumerable<Finding> Judge(AwsScope scope)
    {
        foreach (var id in scope.SubnetIds)
        {
            var target = $"subnet {id.Value}";
            var subnet = scope.Subnet(id.Value);
            var evidence = Evidence(("subnet", id.Value), ("region", scope.Region), ("vpc", subnet?.VpcId), ("availabilityZone", subnet?.AvailabilityZone));
            yield return subnet?.Status.Status switch
            {
                CollectionStatus.Ok => scope.Finding(Outcome.Pass, target,
                    $"Subnet {id.Value} exists in {scope.Region} ({subnet.VpcId}, {subnet.AvailabilityZone}).", evidence, id.Location),
                CollectionStatus.NotFound => scope.Finding(Outcome.Fail, target,
                    $"Subnet {id.Value} of model {scope.Name} does not exist in {scope.Region ?? "the region"}: replace it in VpcConfig.Subnets with a current subnet of the VPC from which the registry is reachable.",
                    evidence, id.Location),
                _ => scope.Finding(Outcome.Unknown, target, AwsText.Failed(subnet?.Status, $"subnet {id.Value}", "ec2:DescribeSubnets"), evidence, id.Location),
            };
        }
    }
}
