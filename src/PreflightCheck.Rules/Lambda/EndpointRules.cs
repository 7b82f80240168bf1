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

/// <summary>PFC-LMB-001: an available Lambda interface endpoint in the model VPC.</summary>
internal sealed class LambdaInterfaceEndpointRule : LambdaEndpointRule
{
    public override string Id => "PFC-LMB-001";

    protected override Finding JudgeProvider(AwsScope scope, ProviderSubject provider)
    {
        var (endpoint, stop) = Endpoint(scope, provider, missingIsFail: true);
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

    protected override Finding JudgeProvider(AwsScope scope, ProviderSubject provider)
    {
        var vpcId = scope.ModelVpcId;
        var vpc = scope.Vpc(vpcId);
        var dhcp = vpc?.DhcpOptions;
        if (vpc is null || !vpc.Status.IsOk || dhcp is null || !dhcp.Status.IsOk || dhcp.DomainNameServers is null)
        {
            return scope.Finding(Outcome.Unknown, provider.Target,
                vpcId is null
                    ? $"The VPC of model {scope.Name} is not known (see PFC-NET-001 and PFC-NET-002)."
                    : AwsText.Failed(vpc is null || !vpc.Status.IsOk ? vpc?.Status : dhcp?.Status, $"the DHCP options of {vpcId}", vpc is null || !vpc.Status.IsOk ? "ec2:DescribeVpcs" : "ec2:DescribeDhcpOptions"),
                ProviderEvidence(provider, ("vpc", vpcId)), provider.Location);
        }

        var servers = dhcp.DomainNameServers;
        var evidence = ProviderEvidence(provider, ("vpc", vpcId), ("dhcpOptions", dhcp.Id), ("domainNameServers", AwsText.List(servers)));
        var custom = servers.Where(s => !string.Equals(s, "AmazonProvidedDNS", StringComparison.OrdinalIgnoreCase)).ToArray();
        return custom.Length == 0
            ? scope.Finding(Outcome.Pass, provider.Target, $"VPC {vpcId} resolves names with AmazonProvidedDNS (DHCP options {dhcp.Id}).", evidence, provider.Location)
            : scope.Finding(Outcome.Fail, provider.Target,
                $"VPC {vpcId} hands out custom DNS servers ({AwsText.List(custom)}) in DHCP options {dhcp.Id}: they answer lambda.{scope.Region}.amazonaws.com with the endpoint's private addresses only if they forward amazonaws.com (or everything) to the Route 53 Resolver at the VPC base address plus two. Check that forwarding, or use AmazonProvidedDNS.",
                evidence, provider.Location);
    }
}
