using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Network;

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
