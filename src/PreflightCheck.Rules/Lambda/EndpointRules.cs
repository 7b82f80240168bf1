using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Iam;
using PreflightCheck.Rules.Network;
using PreflightCheck.Rules.Network.Reasoning;

namespace PreflightCheck.Rules.Lambda;

/// <summary>Shared lookup of the model VPC's Lambda interface endpoint.</summary>
internal abstract class LambdaEndpointRule : ProviderRule
{
    public override FactNeeds Needs => FactNeeds.Ec2;

    protected override string? NotApplicable(Core.Plan.ModelPlan model) =>
        model.VpcConfig is null && model.Containers.Any(c => c.CredentialsProviderArn is not null)
            ? $"Model {model.Name} has no VpcConfig (PFC-CFG-002), so there is no VPC to look for a Lambda endpoint in."
            : base.NotApplicable(model);

    /// <summary>The endpoint, or a finding saying why there is none to judge.</summary>
    protected static (VpcEndpointFacts? Endpoint, Finding? Stop) Endpoint(AwsScope scope, ProviderSubject provider, bool missingIsFail = false)
    {
        var vpcId = scope.ModelVpcId;
        var evidence = ProviderEvidence(provider, ("vpc", vpcId), ("service", $"com.amazonaws.{scope.Region}.lambda"));
        if (vpcId is null)
        {
            return (null, scope.Finding(Outcome.Unknown, provider.Target,
                $"The VPC of model {scope.Name} is not known (see PFC-NET-001 and PFC-NET-002), so its Lambda endpoint cannot be looked up.", evidence, provider.Location));
        }

        var endpoints = scope.Network.VpcEndpoints;
        if (!endpoints.Status.IsOk)
        {
            return (null, scope.Finding(Outcome.Unknown, provider.Target,
                $"Cannot look up the Lambda endpoint of {vpcId}: {AwsText.Describe(endpoints.Status with { Action = endpoints.Status.Action ?? "ec2:DescribeVpcEndpoints" })}.", evidence, provider.Location));
        }

        var found = scope.LambdaEndpoints(vpcId);
        var endpoint = found.FirstOrDefault(e => string.Equals(e.State, "available", StringComparison.OrdinalIgnoreCase)) ?? found.FirstOrDefault();
        if (endpoint is null)
        {
            return (null, scope.Finding(missingIsFail ? Outcome.Fail : Outcome.NotApplicable, provider.Target,
                missingIsFail
                    ? $"VPC {vpcId} of model {scope.Name} has no interface endpoint for com.amazonaws.{scope.Region}.lambda, so the model cannot call its credentials provider {provider.FunctionName} from the VPC: create one in the model subnets with private DNS enabled."
                    : $"VPC {vpcId} has no Lambda interface endpoint to judge; PFC-LMB-001 reports that.",
                evidence, provider.Location));
        }

        return (endpoint, null);
    }
}

/// <summary>
/// PFC-LMB-001: the model VPC reaches Lambda, through an available interface endpoint or, without one, through NAT from
/// every model subnet (AWS's guide has the endpoint to keep the call off the internet, not as the only way to Lambda).
/// </summary>
internal sealed class LambdaInterfaceEndpointRule : LambdaEndpointRule
{
    public override string Id => "PFC-LMB-001";

    protected override Finding JudgeProvider(AwsScope scope, ProviderSubject provider)
    {
        var (endpoint, stop) = Endpoint(scope, provider, missingIsFail: true);
        if (stop is { Outcome: Outcome.Fail })
        {
            return ThroughNat(scope, provider, stop);
        }

        if (stop is not null)
        {
            return stop;
        }

        var evidence = ProviderEvidence(provider, ("endpoint", endpoint!.Id), ("state", endpoint.State), ("subnets", AwsText.List(endpoint.SubnetIds)));
        return string.Equals(endpoint.State, "available", StringComparison.OrdinalIgnoreCase)
            ? scope.Finding(Outcome.Pass, provider.Target, $"VPC {endpoint.VpcId} has Lambda interface endpoint {endpoint.Id} (available).", evidence, provider.Location)
            : scope.Finding(Outcome.Fail, provider.Target,
                $"Lambda interface endpoint {endpoint.Id} of VPC {endpoint.VpcId} is {endpoint.State}, not available: wait for it, or recreate it if it failed.", evidence, provider.Location);
    }

    /// <summary>No endpoint: the call can still reach Lambda's public endpoint if every model subnet has a working NAT path for HTTPS.</summary>
    private static Finding ThroughNat(AwsScope scope, ProviderSubject provider, Finding missing)
    {
        var evidence = new Dictionary<string, string>(missing.Evidence ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        var paths = SubnetInternetPath.For(scope, out var problem);
        var groups = paths is null ? null : scope.ModelGroups(out problem);
        var acls = scope.Network.NetworkAcls;
        if (paths is null || groups is null || !acls.Status.IsOk)
        {
            problem ??= $"the network ACLs could not be read: {AwsText.Describe(acls.Status with { Action = acls.Status.Action ?? "ec2:DescribeNetworkAcls" })}";
            return scope.Finding(Outcome.Unknown, provider.Target,
                $"VPC {scope.ModelVpcId} has no interface endpoint for com.amazonaws.{scope.Region}.lambda, and whether model {scope.Name} reaches Lambda through NAT instead cannot be told: {problem.TrimEnd('.')}.",
                evidence, provider.Location);
        }

        var internet = IpCidr.Parse("0.0.0.0/0");
        var lacking = new List<string>();
        var unknown = new List<string>();
        foreach (var path in paths)
        {
            var natProblem = path.ThroughNat ? path.NatGatewayProblem(scope.Network) : null;
            if (!path.ThroughNat || natProblem is not null)
            {
                lacking.Add($"{path.SubnetId} ({natProblem ?? $"no NAT route: {path.DefaultRoute?.Describe() ?? "no 0.0.0.0/0 route"} in {path.Table?.RouteTableId ?? "no route table"}"})");
                continue;
            }

            var acl = AwsModels.AclOf(scope.Network, path.SubnetId);
            var blocks = scope.Subnet(path.SubnetId) is { } subnet ? AwsScope.Blocks(subnet, internet) : [];
            if (acl is null || blocks.Count == 0)
            {
                unknown.Add(acl is null ? $"no network ACL associated with {path.SubnetId} was returned" : $"{path.SubnetId} has no IPv4 block");
                continue;
            }

            var dropped = NaclEvaluator.Connection(AwsModels.ToModel(acl), blocks[0], null, internet, 443).Where(c => !c.Verdict.Allowed).ToArray();
            if (dropped.Length > 0)
            {
                lacking.Add($"{path.SubnetId} (network ACL: {string.Join("; ", dropped.Select(d => d.Verdict.Explain(d.AclId)))})");
            }
        }

        var egress = SecurityGroupEvaluator.Egress(groups, Peer.Address(internet), 443, scope.PrefixLists);
        evidence["paths"] = string.Join("; ", paths.Select(p => p.Describe()));
        evidence["egressRules"] = egress.Explain();
        if (egress.Decision == Decision.Denied)
        {
            lacking.Add($"the security groups {AwsText.List(groups.Select(g => g.GroupId))} do not allow TCP 443 out to 0.0.0.0/0 (Lambda's public addresses)");
        }
        else if (egress.Decision == Decision.Unknown)
        {
            unknown.Add($"prefix list(s) {AwsText.List(egress.UnresolvedPrefixLists)} in the model's outbound rules could not be read");
        }

        if (lacking.Count > 0)
        {
            return scope.Finding(Outcome.Fail, provider.Target,
                $"VPC {scope.ModelVpcId} of model {scope.Name} has no interface endpoint for com.amazonaws.{scope.Region}.lambda, and no NAT path to Lambda's public endpoint serves every model subnet: {string.Join("; ", lacking)}. The model cannot call its credentials provider {provider.FunctionName}: create the endpoint in the model subnets with private DNS enabled (this keeps the call off the internet), or give those subnets a working NAT route with HTTPS allowed out and back.",
                evidence, provider.Location);
        }

        if (unknown.Count > 0)
        {
            return scope.Finding(Outcome.Unknown, provider.Target,
                $"VPC {scope.ModelVpcId} has no interface endpoint for com.amazonaws.{scope.Region}.lambda, and whether model {scope.Name} reaches Lambda through NAT instead cannot be told: {string.Join("; ", unknown)}.",
                evidence, provider.Location);
        }

        var gateways = paths.Select(p => p.DefaultRoute!.TargetId).Distinct();
        evidence["path"] = "nat";
        return scope.Finding(Outcome.Pass, provider.Target,
            $"The path to Lambda is NAT: VPC {scope.ModelVpcId} has no Lambda interface endpoint, and every subnet of model {scope.Name} routes 0.0.0.0/0 to {AwsText.List(gateways)} with HTTPS allowed out by its security groups and network ACLs, so the call to lambda.{scope.Region}.amazonaws.com reaches Lambda's public endpoint. The endpoint rules (PFC-LMB-002, 003, 004) do not apply; an interface endpoint would keep the call off the internet.",
            evidence, provider.Location);
    }
}

/// <summary>PFC-LMB-002: private DNS on the endpoint, DNS support and hostnames on the VPC.</summary>
internal sealed class LambdaPrivateDnsRule : LambdaEndpointRule
{
    public override string Id => "PFC-LMB-002";

    protected override Finding JudgeProvider(AwsScope scope, ProviderSubject provider)
    {
        var (endpoint, stop) = Endpoint(scope, provider);
        if (stop is not null)
        {
            return stop;
        }

        var vpc = scope.Vpc(endpoint!.VpcId);
        var support = vpc?.EnableDnsSupport;
        var hostnames = vpc?.EnableDnsHostnames;
        var evidence = ProviderEvidence(provider, ("endpoint", endpoint.Id), ("privateDnsEnabled", endpoint.PrivateDnsEnabled ? "true" : "false"),
            ("enableDnsSupport", support?.Enabled?.ToString().ToLowerInvariant()), ("enableDnsHostnames", hostnames?.Enabled?.ToString().ToLowerInvariant()));
        if (!endpoint.PrivateDnsEnabled)
        {
            return scope.Finding(Outcome.Unknown, provider.Target,
                $"Lambda endpoint {endpoint.Id} has private DNS off, so lambda.{scope.Region}.amazonaws.com resolves to public addresses inside the VPC unless your own DNS maps it to the endpoint; this cannot be seen from AWS APIs. Enable private DNS on the endpoint, or make your resolver (a Route 53 private hosted zone) answer lambda.{scope.Region}.amazonaws.com with the endpoint's addresses.",
                evidence, provider.Location);
        }

        if (support?.Status.IsOk != true || hostnames?.Status.IsOk != true || support.Enabled is null || hostnames.Enabled is null)
        {
            var failed = support?.Status.IsOk != true ? support?.Status : hostnames?.Status;
            return scope.Finding(Outcome.Unknown, provider.Target,
                AwsText.Failed(failed, $"the DNS attributes of {endpoint.VpcId}", "ec2:DescribeVpcAttribute"), evidence, provider.Location);
        }

        var off = new[] { ("enableDnsSupport", support.Enabled.Value), ("enableDnsHostnames", hostnames.Enabled.Value) }.Where(a => !a.Item2).Select(a => a.Item1).ToArray();
        return off.Length == 0
            ? scope.Finding(Outcome.Pass, provider.Target, $"Lambda endpoint {endpoint.Id} has private DNS, and {endpoint.VpcId} has DNS support and DNS hostnames on.", evidence, provider.Location)
            : scope.Finding(Outcome.Fail, provider.Target,
                $"VPC {endpoint.VpcId} has {AwsText.List(off)} off, so the private DNS name of Lambda endpoint {endpoint.Id} does not resolve: turn it on (aws ec2 modify-vpc-attribute --vpc-id {endpoint.VpcId} --{(off[0] == "enableDnsSupport" ? "enable-dns-support" : "enable-dns-hostnames")}).",
                evidence, provider.Location);
    }
}

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

/// <summary>PFC-LMB-004: a custom endpoint policy lets the role invoke the provider.</summary>
internal sealed class LambdaEndpointPolicyRule : LambdaEndpointRule
{
    public override string Id => "PFC-LMB-004";

    protected override Finding JudgeProvider(AwsScope scope, ProviderSubject provider)
    {
        var (endpoint, stop) = Endpoint(scope, provider);
        if (stop is not null)
        {
            return stop;
        }

        var evidence = ProviderEvidence(provider, ("endpoint", endpoint!.Id));
        if (endpoint.PolicyDocument is null)
        {
            return scope.Finding(Outcome.Pass, provider.Target, $"Lambda endpoint {endpoint.Id} has the default policy, which allows every call.", evidence, provider.Location);
        }

        var statements = PolicyLogic.Parse(endpoint.PolicyDocument);
        var role = scope.Model.ExecutionRoleArn?.Value;
        if (statements is null || role is null)
        {
            return scope.Finding(Outcome.Unknown, provider.Target,
                statements is null ? $"The policy of Lambda endpoint {endpoint.Id} could not be read as an IAM policy." : $"Model {scope.Name} has no ExecutionRoleArn to judge the policy of {endpoint.Id} for.",
                evidence, provider.Location);
        }

        var account = Core.Aws.AwsArn.TryParse(role)?.Account;
        string[] resources = provider.Arn.Value == provider.UnqualifiedArn ? [provider.UnqualifiedArn, provider.UnqualifiedArn + ":*"] : [provider.Arn.Value];
        var applicable = statements.Select((s, i) => (Statement: s, Name: PolicyLogic.Name(s, i)))
            .Where(s => PolicyLogic.ActionMatches(s.Statement, "lambda:InvokeFunction") && PolicyLogic.PrincipalMatches(s.Statement, role, account))
            .ToArray();
        var denies = applicable.Where(s => PolicyLogic.IsDeny(s.Statement) && resources.Any(r => PolicyLogic.ResourceMatches(s.Statement, r))).ToArray();
        var notAllowed = resources.Where(r => !applicable.Any(s => PolicyLogic.IsAllow(s.Statement) && PolicyLogic.ResourceMatches(s.Statement, r))).ToArray();
        var granting = applicable.Where(s => PolicyLogic.IsAllow(s.Statement)).ToArray();
        evidence["grantingStatements"] = AwsText.List(granting.Select(g => g.Name));
        if (denies.Length > 0 || notAllowed.Length > 0)
        {
            return scope.Finding(Outcome.Fail, provider.Target,
                (denies.Length > 0
                    ? $"The policy of Lambda endpoint {endpoint.Id} denies lambda:InvokeFunction on {provider.FunctionName} ({AwsText.List(denies.Select(d => d.Name))})"
                    : $"The policy of Lambda endpoint {endpoint.Id} does not allow role {role} lambda:InvokeFunction on {AwsText.List(notAllowed)}")
                + ": add an Allow statement for that role (or its account) on the function ARN and its qualified form (…:function:name:*).",
                evidence, provider.Location);
        }

        var conditions = granting.Any(g => g.Statement.ConditionJson is not null) ? " Its conditions were not evaluated; make sure they hold for SageMaker's calls." : "";
        return scope.Finding(Outcome.Pass, provider.Target,
            $"The policy of Lambda endpoint {endpoint.Id} allows role {role} to invoke {provider.FunctionName} ({AwsText.List(granting.Select(g => g.Name))}).{conditions}", evidence, provider.Location);
    }
}

/// <summary>PFC-LMB-005: the VPC resolves names through AmazonProvidedDNS.</summary>
internal sealed class VpcDnsResolverRule : LambdaEndpointRule
{
    public override string Id => "PFC-LMB-005";

    /// <summary>The DhcpOptionsId EC2 reports for a VPC associated with no DHCP options set.</summary>
    private const string NoOptions = "default";

    protected override Finding JudgeProvider(AwsScope scope, ProviderSubject provider)
    {
        var vpcId = scope.ModelVpcId;
        var vpc = scope.Vpc(vpcId);
        var dhcp = vpc?.DhcpOptions;
        var none = dhcp?.Id == NoOptions;
        if (vpc is null || !vpc.Status.IsOk || dhcp is null || (!none && (!dhcp.Status.IsOk || dhcp.DomainNameServers is null)))
        {
            return scope.Finding(Outcome.Unknown, provider.Target,
                vpcId is null
                    ? $"The VPC of model {scope.Name} is not known (see PFC-NET-001 and PFC-NET-002)."
                    : vpc is { Status.IsOk: true } && dhcp is null
                        ? $"EC2 returned no DhcpOptionsId for {vpcId}, so its DNS servers cannot be told."
                        : AwsText.Failed(vpc is null || !vpc.Status.IsOk ? vpc?.Status : dhcp?.Status, $"the DHCP options of {vpcId}", vpc is null || !vpc.Status.IsOk ? "ec2:DescribeVpcs" : "ec2:DescribeDhcpOptions"),
                ProviderEvidence(provider, ("vpc", vpcId)), provider.Location);
        }

        var servers = none ? [] : dhcp.DomainNameServers!;
        var evidence = ProviderEvidence(provider, ("vpc", vpcId), ("dhcpOptions", dhcp.Id), ("domainNameServers", servers.Count == 0 ? "(none)" : AwsText.List(servers)));
        if (servers.Count == 0)
        {
            return scope.Finding(Outcome.Fail, provider.Target,
                (none
                    ? $"VPC {vpcId} has DhcpOptionsId default, which means no DHCP options set is associated: it hands out no DNS server"
                    : $"DHCP options {dhcp.Id} of VPC {vpcId} list no domain-name-servers, so the VPC hands out no DNS server")
                + $", and neither lambda.{scope.Region}.amazonaws.com nor the registry name resolves from the model. Associate an options set with domain-name-servers=AmazonProvidedDNS (aws ec2 create-dhcp-options --dhcp-configurations Key=domain-name-servers,Values=AmazonProvidedDNS, then aws ec2 associate-dhcp-options --vpc-id {vpcId} --dhcp-options-id <new id>).",
                evidence, provider.Location);
        }

        var custom = servers.Where(s => !string.Equals(s, "AmazonProvidedDNS", StringComparison.OrdinalIgnoreCase)).ToArray();
        return custom.Length == 0
            ? scope.Finding(Outcome.Pass, provider.Target, $"VPC {vpcId} resolves names with AmazonProvidedDNS (DHCP options {dhcp.Id}).", evidence, provider.Location)
            : scope.Finding(Outcome.Fail, provider.Target,
                $"VPC {vpcId} hands out custom DNS servers ({AwsText.List(custom)}) in DHCP options {dhcp.Id}: they answer lambda.{scope.Region}.amazonaws.com with the endpoint's private addresses only if they forward amazonaws.com (or everything) to the Route 53 Resolver at the VPC base address plus two. Check that forwarding, or use AmazonProvidedDNS.",
                evidence, provider.Location);
    }
}
