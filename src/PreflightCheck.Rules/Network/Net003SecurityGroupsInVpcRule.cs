using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Network;

/// <summary>PFC-NET-003: each model security group exists in the model VPC.</summary>
internal sealed class SecurityGroupsInVpcRule : NetworkRule
{
    public override string Id => "PFC-NET-003";

    protected override IEnumerable<Finding> Judge(AwsScope scope)
    {
        var vpc = scope.ModelVpcId;
        foreach (var id in scope.GroupIds)
        {
            var target = $"security group {id.Value}";
            var group = scope.Group(id.Value);
            var evidence = Evidence(("securityGroup", id.Value), ("groupVpc", group?.VpcId), ("modelVpc", vpc), ("groupName", group?.GroupName));
            if (group is null || group.Status.Status != CollectionStatus.Ok && group.Status.Status != CollectionStatus.NotFound)
            {
                yield return scope.Finding(Outcome.Unknown, target, AwsText.Failed(group?.Status, $"security group {id.Value}", "ec2:DescribeSecurityGroups"), evidence, id.Location);
            }
            else if (group.Status.Status == CollectionStatus.NotFound)
            {
                yield return scope.Finding(Outcome.Fail, target,
                    $"Security group {id.Value} of model {scope.Name} does not exist in {scope.Region ?? "the region"}: create or pick a group in the model VPC and put its id in VpcConfig.SecurityGroupIds.",
                    evidence, id.Location);
            }
            else if (vpc is null)
            {
                yield return scope.Finding(Outcome.Unknown, target,
                    $"Security group {id.Value} exists in {group.VpcId}, but the model's VPC is not known (its subnets could not all be read or are in several VPCs; see PFC-NET-001 and PFC-NET-002).",
                    evidence, id.Location);
            }
            else if (group.VpcId != vpc)
            {
                yield return scope.Finding(Outcome.Fail, target,
                    $"Security group {id.Value} belongs to {group.VpcId}, not to {vpc}, the VPC of model {scope.Name}'s subnets: use a group of {vpc}.",
                    evidence, id.Location);
            }
            else
            {
                yield return scope.Finding(Outcome.Pass, target, $"Security group {id.Value} ({group.GroupName}) is in {vpc}, the model's VPC.", evidence, id.Location);
            }
        }
    }
}
