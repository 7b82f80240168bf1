using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network;

namespace PreflightCheck.Rules.Lambda;

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
