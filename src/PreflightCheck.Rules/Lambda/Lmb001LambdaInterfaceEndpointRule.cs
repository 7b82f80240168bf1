using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Iam;
using PreflightCheck.Rules.Network;
using PreflightCheck.Rules.Network.Reasoning;

namespace PreflightCheck.Rules.Lambda;

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
