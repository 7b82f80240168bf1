using System.Text;
using ApprovalTests;
using ApprovalTests.Reporters;
using PreflightCheck.Core.Facts;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Network;

public sealed class AwsRuleMessagesTests
{
    /// <summary>One account with a typical mistake for most rules, so the messages can be read together.</summary>
    private static AwsFacts Broken()
    {
        var aws = Good()
            .WithSubnet(new SubnetFacts(Subnet1, AwsStatus.Ok, VpcId, "us-east-1a", "use1-az1", ["10.0.2.0/24"], [], 1))
            .WithGroup(new SecurityGroupFacts(RegistrySg, AwsStatus.Ok, VpcId, "registry", Account, [Tcp(443, "192.0.2.0/24"), Tcp(443, "0.0.0.0/0")], []))
            .WithGroup(new SecurityGroupFacts(ModelSg, AwsStatus.Ok, VpcId, "model", Account, [], [Tcp(443, "10.0.5.20/32")]))
            .WithAcls(
                new NetworkAclFacts("acl-0model", VpcId, false, [Subnet0, Subnet1], [Acl(100, true, "6", "10.0.5.0/24", true, 443, 443), Acl(32767, true, "-1", "0.0.0.0/0", false), Acl(32767, false, "-1", "0.0.0.0/0", false)]),
                new NetworkAclFacts("acl-0default", VpcId, true, [RegistrySubnet], AllowAll))
            .WithRouteTables(MainTable with { Routes = [Route("10.0.0.0/16", RouteTargetKind.Local, "local"), Route("0.0.0.0/0", RouteTargetKind.InternetGateway, "igw-0123")] })
            .WithEndpoints(LambdaEndpoint with { PrivateDnsEnabled = false })
            .WithNetwork(n => n with { Vpcs = [n.Vpcs[0] with { DhcpOptions = new DhcpOptionsFacts("dopt-0corp", AwsStatus.Ok, ["10.0.0.53"]) }] })
            .WithFunction(f => f with
            {
                Account = "210987654321",
                LastUpdateStatus = "Failed",
                Environment = [new LambdaEnvironmentVariable("REGISTRY_PASSWORD", EnvValueKind.Literal)],
                Policy = new LambdaPolicyFacts(AwsStatus.Ok, []),
            })
            .WithInvocation(i => i with { LatencyMs = 7200, Shape = new PayloadShapeFacts(true, "object", ["statusCode", "body"], false, false, false, [PayloadMistake.StatusCodeBodyWrapper]) })
            .WithRole(r => r with
            {
                TrustStatements = [Statement("Allow", ["sts:AssumeRole"], [], ["ec2.amazonaws.com"])],
                Policies = [new IamPolicyFacts("lambda-all", null, IamPolicyKind.Inline, AwsStatus.Ok, null, "{}", [Statement("Allow", ["lambda:*"], ["*"], sid: "Everything")])],
            })
            .WithSimulation(IamSimulationPurpose.RoleVpcAccess, "ec2:CreateNetworkInterface", s => s with { Decision = "implicitDeny" })
            .WithSimulation(IamSimulationPurpose.DeployerPassRole, "iam:PassRole", s => s with { Decision = "implicitDeny" });
        return aws;
    }

    [Fact]
    [UseReporter(typeof(QuietReporter))]
    public void AwsRules_WhenRunOverABrokenAccount_GiveTheseFindings()
    {
        var text = new StringBuilder();
        foreach (var id in AwsRuleIds.Order(StringComparer.Ordinal))
        {
            foreach (var finding in Run(RuleById(id), Broken()))
            {
                text.Append($"{id} {finding.Model} / {finding.Target} @ {finding.Location?.Line}:{finding.Location?.Column} => {finding.Outcome}\n");
                text.Append($"  {finding.Message}\n");
                foreach (var (key, value) in (finding.Evidence ?? new Dictionary<string, string>()).OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    text.Append($"  {key}: {value}\n");
                }
            }
        }

        Approvals.Verify(text.ToString());
    }
}
