using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network;

namespace PreflightCheck.Rules.Lambda;

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
