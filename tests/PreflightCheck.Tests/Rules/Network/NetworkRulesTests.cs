using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Network;

public class AwsRulesCommonTests
{
    public static TheoryData<string> Ids() => new(AwsRuleIds);

    [Theory]
    [MemberData(nameof(Ids))]
    public void AwsRule_WhenAccountIsHealthy_PassesOrDoesNotApply(string id)
    {
        var rule = RuleById(id);
        var findings = Run(rule, Good());

        Assert.NotEmpty(findings);
        Assert.NotEqual(FactNeeds.None, rule.Needs);
        foreach (var finding in findings)
        {
            var expected = id is "PFC-IMG-004" or "PFC-LMB-008" ? Outcome.NotApplicable : Outcome.Pass;
            Assert.True(expected == finding.Outcome, $"{id} {finding.Target}: {finding.Outcome} {finding.Message}");
            Assert.Equal("vpc-model", finding.Model);
            Assert.NotNull(finding.Location);
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void AwsRule_WhenAwsFactsWereNotCollected_IsUnknown(string id)
    {
        var findings = Run(RuleById(id), null);

        var finding = Assert.Single(findings);
        if (id == "PFC-IMG-004")
        {
            Assert.Equal(Outcome.NotApplicable, finding.Outcome);
            return;
        }

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("not collected", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void AwsRule_WhenCredentialsAreRefused_IsUnknownNamingTheAction(string id)
    {
        var aws = Good() with { Status = Denied("sts:GetCallerIdentity") };

        var finding = Assert.Single(Run(RuleById(id), aws));

        if (id != "PFC-IMG-004")
        {
            Assert.Equal(Outcome.Unknown, finding.Outcome);
            Assert.Contains("sts:GetCallerIdentity", finding.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("PFC-NET-001")]
    [InlineData("PFC-NET-005")]
    [InlineData("PFC-NET-012")]
    [InlineData("PFC-LMB-001")]
    [InlineData("PFC-IAM-003")]
    [InlineData("PFC-IMG-004")]
    public void AwsRule_WhenModelHasNoVpcConfig_DoesNotApply(string id)
    {
        var model = Model() with { VpcConfig = null };

        var finding = Assert.Single(Run(RuleById(id), Good(), model));

        Assert.Equal(Outcome.NotApplicable, finding.Outcome);
    }

    [Theory]
    [InlineData("PFC-LMB-001")]
    [InlineData("PFC-LMB-004")]
    [InlineData("PFC-LMB-006")]
    [InlineData("PFC-LMB-007")]
    [InlineData("PFC-LMB-010")]
    [InlineData("PFC-IAM-002")]
    public void ProviderRule_WhenNoRepositoryAuthConfig_DoesNotApply(string id)
    {
        var finding = Assert.Single(Run(RuleById(id), Good(), Model(provider: null)));

        Assert.Equal(Outcome.NotApplicable, finding.Outcome);
        Assert.Contains("RepositoryAuthConfig", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProviderRule_WhenOneOfTwoContainersHasAProvider_JudgesEachContainer()
    {
        var model = Model();
        model = model with { Containers = [model.Containers[0], PlanBuilder.Container(provider: null, name: "Second")] };

        var findings = Run(RuleById("PFC-LMB-006"), Good(), model);

        Assert.Equal(2, findings.Count);
        Assert.Equal(Outcome.Pass, findings.Single(f => f.Target == "container ModelContainer").Outcome);
        Assert.Equal(Outcome.NotApplicable, findings.Single(f => f.Target == "container Second").Outcome);
    }
}

public partial class RegistryPathRulesTests
{
    private static AwsFacts RegistryGroupIngress(params SecurityGroupPermission[] ingress) =>
        Good().WithGroup(new SecurityGroupFacts(RegistrySg, AwsStatus.Ok, VpcId, "registry", Account, ingress, []));

    [Fact]
    public void RegistryRules_WhenImageIsInEcr_DoNotApply()
    {
        var model = Model(image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/model@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");

        Assert.Equal(Outcome.NotApplicable, Single(new RegistryIngressRule(), Good(), model).Outcome);
    }
}

public partial class RegistryTrafficRulesTests
{
    private static VpcEndpointFacts EndpointWithInterfaces(params string[] addresses) => LambdaEndpoint with
    {
        SubnetIds = ["subnet-0eeeeeeeeeeeeeee1"],
        NetworkInterfaceIds = addresses.Select((_, i) => $"eni-0a1b2c3d4e5f6789{i}").ToArray(),
        NetworkInterfaces = new AwsItems<NetworkInterfaceFacts>(AwsStatus.Ok, addresses.Select((a, i) => new NetworkInterfaceFacts(
            $"eni-0a1b2c3d4e5f6789{i}", "subnet-0eeeeeeeeeeeeeee1", VpcId, "us-east-1a", [LambdaSg], "vpc_endpoint", null, null, true, null, [a])).ToArray()),
    };
}

public partial class InternetPathRulesTests
{
    private static readonly RouteTableFacts IgwOnly = MainTable with
    {
        Routes = [Route("10.0.0.0/16", RouteTargetKind.Local, "local"), Route("0.0.0.0/0", RouteTargetKind.InternetGateway, "igw-0a1b2c3d4e5f60718")],
    };

    private static readonly Core.Plan.ModelPlan DockerHubModel = Model(image: "docker.io/library/python@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
}
