using System.Globalization;
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

/// <summary>PFC-NET-009: the subnets span two Availability Zones.</summary>
internal sealed class TwoAvailabilityZonesRule : NetworkRule
{
    public override string Id => "PFC-NET-009";

    protected override IEnumerable<Finding> Judge(AwsScope scope)
    {
        var target = $"model {scope.Name}";
        var location = scope.Model.VpcConfig!.Location;
        var known = scope.SubnetIds.Select(s => scope.Subnet(s.Value)).Where(s => s is { Status.IsOk: true, AvailabilityZone: not null }).Select(s => s!).ToArray();
        var zones = known.Select(s => s.AvailabilityZone!).Distinct().Order(StringComparer.Ordinal).ToArray();
        var evidence = Evidence(("availabilityZones", AwsText.List(zones)), ("subnets", AwsText.List(known.Select(s => $"{s.Id} {s.AvailabilityZone}"))));
        if (zones.Length >= 2)
        {
            yield return scope.Finding(Outcome.Pass, target, $"The subnets of model {scope.Name} span {zones.Length} Availability Zones ({AwsText.List(zones)}).", evidence, location);
        }
        else if (known.Length < scope.SubnetIds.Count)
        {
            var missing = scope.SubnetIds.First(s => !known.Any(k => k.Id == s.Value));
            yield return scope.Finding(Outcome.Unknown, target,
                $"Cannot count the Availability Zones of model {scope.Name}: {AwsText.Failed(scope.Subnet(missing.Value)?.Status, $"subnet {missing.Value}", "ec2:DescribeSubnets")}", evidence, location);
        }
        else
        {
            yield return scope.Finding(Outcome.Fail, target,
                $"All subnets of model {scope.Name} are in one Availability Zone ({AwsText.List(zones)}): an outage of that zone takes every instance down. Add a subnet in a second zone to VpcConfig.Subnets.",
                evidence, location);
        }
    }
}

/// <summary>PFC-NET-010: the subnets have two free addresses per instance.</summary>
internal sealed class SubnetIpCapacityRule : NetworkRule
{
    public override string Id => "PFC-NET-010";

    protected override IEnumerable<Finding> Judge(AwsScope scope)
    {
        var target = $"model {scope.Name}";
        var location = scope.Model.VpcConfig!.Location;
        var variants = scope.Model.Variants.Where(v => v.InitialInstanceCount is not null).ToArray();
        if (variants.Length == 0)
        {
            yield return scope.Finding(Outcome.NotApplicable, target,
                $"No endpoint configuration gives instance counts for model {scope.Name} (pass --endpoint-config), so the subnets' free addresses cannot be judged.", location: location);
            yield break;
        }

        var subnets = scope.ModelSubnets(out var problem);
        if (subnets is null || subnets.Any(s => s.AvailableIpAddressCount is null))
        {
            yield return scope.Finding(Outcome.Unknown, target, problem ?? $"The free addresses of model {scope.Name}'s subnets were not reported.", location: location);
            yield break;
        }

        var instances = variants.Sum(v => v.InitialInstanceCount!.Value);
        var free = subnets.Sum(s => s.AvailableIpAddressCount!.Value);
        var needed = 2 * instances;
        var evidence = Evidence(
            ("instances", instances.ToString(CultureInfo.InvariantCulture)),
            ("freeAddresses", free.ToString(CultureInfo.InvariantCulture)),
            ("perSubnet", AwsText.List(subnets.Select(s => $"{s.Id} {s.AvailableIpAddressCount}"))));
        yield return free >= needed
            ? scope.Finding(Outcome.Pass, target, $"Model {scope.Name}'s subnets have {free} free addresses for {instances} instance(s) (at least {needed} wanted).", evidence, location)
            : scope.Finding(Outcome.Fail, target,
                $"Model {scope.Name}'s subnets have {free} free addresses, fewer than {needed} (2 per instance for {instances} instance(s)): scaling or a blue/green update can fail to place network interfaces. Add subnets or use larger ones.",
                evidence, location);
    }
}
