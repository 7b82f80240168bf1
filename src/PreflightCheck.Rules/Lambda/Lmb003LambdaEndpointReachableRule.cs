using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Iam;
using PreflightCheck.Rules.Network;
using PreflightCheck.Rules.Network.Reasoning;

namespace PreflightCheck.Rules.Lambda;

/// <summary>PFC-LMB-003: the endpoint's groups admit HTTPS from the model.</summary>
internal sealed class LambdaEndpointReachableRule : LambdaEndpointRule
{
    public override string Id => "PFC-LMB-003";

    protected override Finding JudgeProvider(AwsScope scope, ProviderSubject provider)
    {
        var (endpoint, stop) = Endpoint(scope, provider);
        if (stop is not null)
        {
            return stop;
        }

        var subnets = scope.ModelSubnets(out var problem);
        var groups = subnets is null ? null : scope.Groups(endpoint!.SecurityGroupIds, out problem);
        var evidence = ProviderEvidence(provider, ("endpoint", endpoint!.Id), ("endpointGroups", AwsText.List(endpoint.SecurityGroupIds)));
        if (subnets is null || groups is null)
        {
            return scope.Finding(Outcome.Unknown, provider.Target, $"Cannot judge access to Lambda endpoint {endpoint.Id}: {problem}", evidence, provider.Location);
        }

        var source = new Peer(scope.GroupIds.Select(g => g.Value).ToArray(), scope.ModelVpcId, subnets.SelectMany(s => AwsScope.Blocks(s, IpCidr.Parse("0.0.0.0"))).ToArray());
        var verdict = SecurityGroupEvaluator.Ingress(groups, source, 443, scope.PrefixLists);
        evidence["matchedRules"] = verdict.Explain();
        // The endpoint's own interfaces say where it is; without them, only those of its subnets that were read.
        var endpointZones = (endpoint.NetworkInterfaces is { Status.IsOk: true, Items.Count: > 0 } enis
                ? enis.Items.Select(n => n.AvailabilityZone)
                : endpoint.SubnetIds.Select(scope.Subnet).Where(s => s is { Status.IsOk: true }).Select(s => s!.AvailabilityZone))
            .OfType<string>().ToHashSet(StringComparer.Ordinal);
        var uncovered = subnets.Where(s => !endpoint.SubnetIds.Contains(s.Id) && s.AvailabilityZone is not null && endpointZones.Count > 0 && !endpointZones.Contains(s.AvailabilityZone))
            .Select(s => $"{s.Id} ({s.AvailabilityZone})").ToArray();
        if (endpointZones.Count > 0)
        {
            evidence["endpointZones"] = AwsText.List(endpointZones.Order(StringComparer.Ordinal));
        }

        var zoneNote = uncovered.Length > 0
            ? $" Model subnet(s) {AwsText.List(uncovered)} are in zones where the endpoint has no interface; calls cross zones, which works but adds latency and cross-zone charges: add an endpoint subnet in those zones."
            : "";
        if (uncovered.Length > 0)
        {
            evidence["zonesWithoutEndpoint"] = AwsText.List(uncovered);
        }

        return verdict.Decision switch
        {
            Decision.Allowed => scope.Finding(Outcome.Pass, provider.Target,
                $"Lambda endpoint {endpoint.Id} admits HTTPS from model {scope.Name}: {verdict.Explain()}.{zoneNote}", evidence, provider.Location),
            Decision.Unknown => scope.Finding(Outcome.Unknown, provider.Target,
                $"Cannot tell whether Lambda endpoint {endpoint.Id} admits model {scope.Name}: prefix list(s) {AwsText.List(verdict.UnresolvedPrefixLists)} could not be read.{zoneNote}", evidence, provider.Location),
            _ => scope.Finding(Outcome.Fail, provider.Target,
                $"The security groups {AwsText.List(endpoint.SecurityGroupIds)} of Lambda endpoint {endpoint.Id} do not admit TCP 443 from model {scope.Name}: add an inbound rule for 443 from {scope.GroupIds.FirstOrDefault()?.Value ?? "the model's security group"}.{zoneNote}",
                evidence, provider.Location),
        };
    }
}
