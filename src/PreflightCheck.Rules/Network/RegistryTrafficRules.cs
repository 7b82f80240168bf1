using PreflightCheck.Core.Facts;
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

/// <summary>PFC-NET-007: network ACLs pass the connection and its replies, per model subnet.</summary>
internal sealed class NetworkAclsRule : RegistryNetworkRule
{
    public override string Id => "PFC-NET-007";

    protected override IEnumerable<Finding> JudgeAddress(AwsScope scope, RegistryAddress registry)
    {
        var acls = scope.Network.NetworkAcls;
        var registrySubnet = registry.Facts.Interfaces.Select(i => i.SubnetId).FirstOrDefault(s => s is not null);
        foreach (var id in scope.SubnetIds)
        {
            var target = $"subnet {id.Value} to {registry.Display}";
            var subnet = scope.Subnet(id.Value);
            if (!acls.Status.IsOk || subnet is null || !subnet.Status.IsOk)
            {
                yield return scope.Finding(Outcome.Unknown, target,
                    !acls.Status.IsOk
                        ? $"Cannot read the network ACLs: {AwsText.Describe(acls.Status with { Action = acls.Status.Action ?? "ec2:DescribeNetworkAcls" })}."
                        : AwsText.Failed(subnet?.Status, $"subnet {id.Value}", "ec2:DescribeSubnets"),
                    RegistryEvidence(registry, ("subnet", id.Value)), id.Location);
                continue;
            }

            var modelAcl = AwsModels.AclOf(scope.Network, id.Value);
            var registryAcl = registrySubnet is null || registrySubnet == id.Value ? null : AwsModels.AclOf(scope.Network, registrySubnet);
            var blocks = AwsScope.Blocks(subnet, registry.Address);
            if (modelAcl is null || blocks.Count == 0)
            {
                yield return scope.Finding(Outcome.Unknown, target,
                    modelAcl is null ? $"No network ACL associated with subnet {id.Value} was returned." : $"Subnet {id.Value} has no {(registry.IsIpv4 ? "IPv4" : "IPv6")} block to reach {registry.Facts.Address} from.",
                    RegistryEvidence(registry, ("subnet", id.Value)), id.Location);
                continue;
            }

            if (registrySubnet == id.Value)
            {
                yield return scope.Finding(Outcome.Pass, target,
                    $"Registry {registry.Display} is in subnet {id.Value} itself; traffic inside a subnet does not pass its network ACL.", RegistryEvidence(registry, ("subnet", id.Value)), id.Location);
                continue;
            }

            var checks = NaclEvaluator.Connection(AwsModels.ToModel(modelAcl), blocks[0], registryAcl is null ? null : AwsModels.ToModel(registryAcl), registry.Address, registry.Port);
            var denied = checks.Where(c => c.Verdict.Decision != Decision.Allowed).ToArray();
            var evidence = RegistryEvidence(registry, ("subnet", id.Value), ("modelAcl", modelAcl.Id), ("registryAcl", registryAcl?.Id),
                ("evaluation", string.Join("; ", checks.Select(c => c.Verdict.Explain(c.AclId)))));
            var registryNote = registryAcl is null && registrySubnet is null ? " The registry's subnet is not known here, so only the model side was checked." : "";
            // Both subnets may share one ACL: each ACL is named once, with every flow it drops.
            var drops = denied.GroupBy(d => d.AclId, StringComparer.Ordinal)
                .Select(g => $"{g.Key} {string.Join(", and ", g.Select(d => d.Verdict.Explain("").TrimStart()))}");
            var passing = registryAcl is null || registryAcl.Id == modelAcl.Id ? $"Network ACL {modelAcl.Id} passes" : $"Network ACLs {modelAcl.Id} and {registryAcl.Id} pass";
            yield return denied.Length == 0
                ? scope.Finding(Outcome.Pass, target,
                    $"{passing} TCP {registry.Port} from subnet {id.Value} to {registry.Facts.Address} and the replies on 1024-65535.{registryNote}",
                    evidence, id.Location)
                : scope.Finding(Outcome.Fail, target,
                    $"Network ACLs drop the registry connection from subnet {id.Value}: {string.Join("; ", drops)}. ACLs are stateless: allow the registry port towards the registry and TCP 1024-65535 for the replies, with a rule number lower than any deny that matches.",
                    evidence, id.Location);
        }
    }
}

/// <summary>PFC-NET-008: each model subnet routes the registry address.</summary>
internal sealed class RouteToRegistryRule : RegistryNetworkRule
{
    public override string Id => "PFC-NET-008";

    private static readonly RouteTarget[] Usable =
        [RouteTarget.Local, RouteTarget.VpcPeering, RouteTarget.TransitGateway, RouteTarget.VirtualPrivateGateway, RouteTarget.NatGateway, RouteTarget.NatInstance];

    protected override IEnumerable<Finding> JudgeAddress(AwsScope scope, RegistryAddress registry)
    {
        var tables = scope.Network.RouteTables;
        foreach (var id in scope.SubnetIds)
        {
            var target = $"subnet {id.Value} to {registry.Display}";
            var subnet = scope.Subnet(id.Value);
            if (!tables.Status.IsOk || subnet is not { Status.IsOk: true, VpcId: not null })
            {
                yield return scope.Finding(Outcome.Unknown, target,
                    !tables.Status.IsOk
                        ? $"Cannot read the route tables: {AwsText.Describe(tables.Status with { Action = tables.Status.Action ?? "ec2:DescribeRouteTables" })}."
                        : AwsText.Failed(subnet?.Status, $"subnet {id.Value}", "ec2:DescribeSubnets"),
                    RegistryEvidence(registry, ("subnet", id.Value)), id.Location);
                continue;
            }

            var lookup = RouteEvaluator.Lookup(AwsModels.RouteTables(scope.Network), id.Value, subnet.VpcId, registry.Address, scope.PrefixLists);
            var evidence = RegistryEvidence(registry, ("subnet", id.Value), ("routeTable", lookup.Table?.RouteTableId),
                ("tableSource", lookup.ViaMainTable ? "main route table (no explicit association)" : "explicit association"), ("route", lookup.Route?.Describe()));
            if (lookup.Table is null)
            {
                yield return scope.Finding(Outcome.Unknown, target, $"No route table was found for subnet {id.Value} (neither an association nor the main table of {subnet.VpcId}).", evidence, id.Location);
            }
            else if (lookup.Route is null)
            {
                yield return scope.Finding(Outcome.Fail, target,
                    $"Route table {lookup.Table.RouteTableId} of subnet {id.Value} has no route covering the registry address {registry.Facts.Address}: add a route to it (peering, transit gateway, VPN gateway, or NAT for a public address).",
                    evidence, id.Location);
            }
            else if (!lookup.Route.Active)
            {
                yield return scope.Finding(Outcome.Fail, target,
                    $"The most specific route for {registry.Facts.Address} in {lookup.Table.RouteTableId} ({lookup.Route.Describe()}) is a blackhole: its target is gone. Replace the route's target or delete the route.",
                    evidence, id.Location);
            }
            else if (!Usable.Contains(lookup.Route.Kind))
            {
                yield return scope.Finding(Outcome.Fail, target,
                    lookup.Route.Kind == RouteTarget.InternetGateway
                        ? $"Subnet {id.Value} reaches {registry.Facts.Address} only through internet gateway {lookup.Route.TargetId}, which does not serve the model's interfaces (they get no public address): route through a NAT gateway, or keep the registry inside the VPC."
                        : $"Subnet {id.Value} sends {registry.Facts.Address} to {lookup.Route.TargetId}, not to a local, peering, transit gateway, VPN gateway or NAT target.",
                    evidence, id.Location);
            }
            else
            {
                yield return scope.Finding(Outcome.Pass, target,
                    $"Subnet {id.Value} routes {registry.Facts.Address} via {lookup.Route.Describe()} in {lookup.Table.RouteTableId}{(lookup.ViaMainTable ? " (the main route table)" : "")}.", evidence, id.Location);
            }
        }
    }
}
