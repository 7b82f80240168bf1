using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network.Reasoning;

namespace PreflightCheck.Rules.Network;

/// <summary>PFC-NET-006: the model's groups let the registry connection, and HTTPS to the Lambda endpoint, out.</summary>
internal sealed class ModelEgressRule : RegistryNetworkRule
{
    public override string Id => "PFC-NET-006";

    protected override IEnumerable<Finding> JudgeAddress(AwsScope scope, RegistryAddress registry)
    {
        var groups = scope.ModelGroups(out var problem);
        if (groups is null)
        {
            yield return scope.Finding(Outcome.Unknown, registry.Target, $"Cannot judge the outbound rules of model {scope.Name}: {problem}", RegistryEvidence(registry), registry.Location);
            yield break;
        }

        var registryGroups = registry.Facts.Interfaces.SelectMany(i => i.SecurityGroupIds).Distinct().ToArray();
        var registryVpc = registry.Facts.Interfaces.Select(i => i.VpcId).FirstOrDefault(v => v is not null);
        var verdict = SecurityGroupEvaluator.Egress(groups, new Peer(registryGroups, registryVpc, [registry.Address]), registry.Port, scope.PrefixLists);
        var evidence = RegistryEvidence(registry, ("modelGroups", AwsText.List(groups.Select(g => g.GroupId))), ("matchedRules", verdict.Explain()));
        var problems = new List<string>();
        var unknowns = new List<string>();
        switch (verdict.Decision)
        {
            case Decision.Denied:
                problems.Add($"TCP {registry.Port} to the registry {registry.Facts.Address} is not allowed out: add an outbound rule to {registry.Facts.Address}/{(registry.IsIpv4 ? 32 : 128)} (or the registry's security group) on port {registry.Port}");
                break;
            case Decision.Unknown:
                unknowns.Add($"prefix list(s) {AwsText.List(verdict.UnresolvedPrefixLists)} could not be read");
                break;
        }

        var provider = registry.Container.CredentialsProviderArn is not null;
        if (provider)
        {
            var vpcId = scope.ModelVpcId;
            var endpoint = vpcId is null || !scope.Network.VpcEndpoints.Status.IsOk
                ? null
                : scope.LambdaEndpoints(vpcId).FirstOrDefault();
            if (endpoint is null && (vpcId is null || !scope.Network.VpcEndpoints.Status.IsOk))
            {
                unknowns.Add("the Lambda endpoint could not be looked up");
            }
            else if (endpoint is null)
            {
                // Without an endpoint the call goes out through NAT, if at all: PFC-LMB-001 judges that path and its HTTPS egress.
                provider = false;
                evidence["lambdaEndpoint"] = "none (PFC-LMB-001 judges the NAT path)";
            }
            else
            {
                // The endpoint's interface addresses when they were read; else its subnets, and those in the VPC: when an
                // endpoint subnet was not read, the VPC's blocks stand in, which a rule can cover only if it covers the endpoint too.
                var endpointIps = endpoint.NetworkInterfaces is { Status.IsOk: true, Items.Count: > 0 } enis
                    ? enis.Items.SelectMany(n => n.PrivateIpAddresses).Where(a => IpCidr.TryParseAddress(a, out _)).Distinct().Order(StringComparer.Ordinal).ToArray()
                    : [];
                var endpointAddresses = endpointIps.Select(a => IpCidr.TryParseAddress(a, out var b) ? b : default).ToArray();
                var endpointSubnets = endpoint.SubnetIds.Select(scope.Subnet).ToArray();
                var endpointBlocks = endpointAddresses.Length > 0 ? endpointAddresses
                    : endpointSubnets.Length > 0 && endpointSubnets.All(s => s is { Status.IsOk: true })
                    ? endpointSubnets.SelectMany(s => AwsScope.Blocks(s!, IpCidr.Parse("0.0.0.0"))).ToArray()
                    : scope.Vpc(endpoint.VpcId) is { Status.IsOk: true } vpc ? AwsScope.VpcBlocks(vpc).ToArray() : [];
                var lambda = SecurityGroupEvaluator.Egress(groups, new Peer(endpoint.SecurityGroupIds, endpoint.VpcId, endpointBlocks), 443, scope.PrefixLists);
                evidence["lambdaEndpoint"] = endpoint.Id;
                if (endpointAddresses.Length > 0)
                {
                    evidence["lambdaEndpointAddresses"] = AwsText.List(endpointIps);
                }

                evidence["lambdaMatchedRules"] = lambda.Explain();
                if (lambda.Decision == Decision.Denied && lambda.Matches.Count > 0)
                {
                    if (endpointAddresses.Length > 0)
                    {
                        problems.Add($"TCP 443 to the Lambda endpoint {endpoint.Id} is allowed to some of its interface addresses only ({lambda.Explain()}): allow 443 to every one of {AwsText.List(endpointIps)}, or to its security group");
                    }
                    else
                    {
                        unknowns.Add($"HTTPS to the Lambda endpoint {endpoint.Id} is allowed to part of its subnets ({lambda.Explain()}), and its interface addresses are not known here");
                    }
                }
                else if (lambda.Decision == Decision.Denied)
                {
                    problems.Add($"TCP 443 to the Lambda endpoint {endpoint.Id} is not allowed out: add an outbound rule for 443 to its security group {endpoint.SecurityGroupIds.FirstOrDefault() ?? "(none)"} or its subnets");
                }
                else if (lambda.Decision == Decision.Unknown)
                {
                    unknowns.Add($"prefix list(s) {AwsText.List(lambda.UnresolvedPrefixLists)} could not be read");
                }
            }
        }

        if (problems.Count > 0)
        {
            yield return scope.Finding(Outcome.Fail, registry.Target, $"The security groups of model {scope.Name} ({AwsText.List(groups.Select(g => g.GroupId))}) block outbound traffic: {string.Join("; ", problems)}.", evidence, registry.Location);
        }
        else if (unknowns.Count > 0)
        {
            yield return scope.Finding(Outcome.Unknown, registry.Target,
                $"Model {scope.Name}'s groups allow TCP {registry.Port} to the registry{(verdict.Decision == Decision.Allowed ? "" : " (not certain)")}, but {string.Join("; ", unknowns)}.", evidence, registry.Location);
        }
        else
        {
            yield return scope.Finding(Outcome.Pass, registry.Target,
                $"Model {scope.Name}'s security groups allow TCP {registry.Port} to {registry.Display}{(provider ? " and 443 to the Lambda endpoint" : "")}: {verdict.Explain()}.", evidence, registry.Location);
        }
    }
}
