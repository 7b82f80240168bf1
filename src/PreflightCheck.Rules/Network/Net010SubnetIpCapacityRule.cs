using System.Globalization;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Network;

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
