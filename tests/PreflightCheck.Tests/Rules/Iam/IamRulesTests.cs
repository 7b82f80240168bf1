using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Iam;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Iam;

public class IamRulesTests
{
    [Fact]
    public void RoleTrust_WhenRoleIsMissing_FailsAtTheRoleArn()
    {
        var aws = Good().WithRole(r => new IamRoleFacts(r.Arn, new AwsStatus(CollectionStatus.NotFound, "NoSuchEntity")));

        var finding = Single(new RoleTrustsSageMakerRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal($"role {Role}", finding.Target);
        Assert.Equal(PlanBuilder.At(2), finding.Location);
    }

    [Fact]
    public void RoleTrust_WhenOnlyEc2IsTrusted_FailsNamingThePrincipal()
    {
        var aws = Good().WithRole(r => r with { TrustStatements = [Statement("Allow", ["sts:AssumeRole"], [], ["ec2.amazonaws.com"])] });

        var finding = Single(new RoleTrustsSageMakerRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("ec2.amazonaws.com", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RoleTrust_WhenConditioned_PassesReportingTheCondition()
    {
        const string condition = """{"StringEquals":{"aws:SourceAccount":"123456789012"}}""";
        var aws = Good().WithRole(r => r with { TrustStatements = [Statement("Allow", ["sts:AssumeRole", "sts:TagSession"], [], ["sagemaker.amazonaws.com"], condition: condition)] });

        var finding = Single(new RoleTrustsSageMakerRule(), aws);

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains("aws:SourceAccount", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RoleTrust_WhenGetRoleDenied_IsUnknownNamingTheAction()
    {
        var finding = Single(new RoleTrustsSageMakerRule(), Good().WithRole(r => new IamRoleFacts(r.Arn, Denied("iam:GetRole"))));

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("iam:GetRole", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RoleTrust_WhenNoExecutionRole_DoesNotApply() =>
        Assert.Equal(Outcome.NotApplicable, Single(new RoleTrustsSageMakerRule(), Good(), Model() with { ExecutionRoleArn = null }).Outcome);

    private static AwsFacts Invoke(string decision, params string[] policies) =>
        Good().WithSimulation(IamSimulationPurpose.RoleInvokeProvider, "lambda:InvokeFunction",
            s => s with { Decision = decision, MatchedStatements = policies.Select(p => new IamMatchedStatement(p, "IAM Policy")).ToArray() });

    [Fact]
    public void CanInvoke_WhenAllowed_PassesNamingTheStatement()
    {
        var finding = Single(new RoleCanInvokeProviderRule(), Good());

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains("granted by invoke-creds", finding.Message, StringComparison.Ordinal);
        Assert.Equal(PlanBuilder.At(8), finding.Location);
    }

    [Fact]
    public void CanInvoke_WhenOnlyFullAccessGrants_PassesWarningAboutTheNamePattern()
    {
        var finding = Single(new RoleCanInvokeProviderRule(), Invoke("allowed", "AmazonSageMakerFullAccess"));

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains("case-sensitive", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CanInvoke_WhenImplicitlyDeniedWithFullAccessAttached_FailsExplainingTheName()
    {
        var aws = Invoke("implicitDeny").WithRole(r => r with { Policies = [new IamPolicyFacts("AmazonSageMakerFullAccess", "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess", IamPolicyKind.Managed, AwsStatus.Ok)] });

        var finding = Single(new RoleCanInvokeProviderRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("'creds' does not", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CanInvoke_WhenExplicitlyDenied_FailsNamingTheDeny()
    {
        var finding = Single(new RoleCanInvokeProviderRule(), Invoke("explicitDeny", "deny-lambda"));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("deny-lambda", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CanInvoke_WhenSimulationDenied_IsUnknownNamingTheAction()
    {
        var aws = Good().WithSimulation(IamSimulationPurpose.RoleInvokeProvider, "lambda:InvokeFunction", s => s with { Status = Denied("iam:SimulatePrincipalPolicy"), Decision = null });

        var finding = Single(new RoleCanInvokeProviderRule(), aws);

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("iam:SimulatePrincipalPolicy", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sagemaker-registry-creds", true)]
    [InlineData("MySageMakerCreds", true)]
    [InlineData("SagemakerCreds", true)]
    [InlineData("SAGEMAKER-creds", false)]
    [InlineData("sageMaker-creds", false)]
    [InlineData("registry-creds", false)]
    public void FullAccessPattern_WhenFunctionNamed_MatchesCaseSensitively(string name, bool expected) =>
        Assert.Equal(expected, RoleCanInvokeProviderRule.MatchesFullAccessPattern(name));

    [Fact]
    public void VpcPermissions_WhenCreateNetworkInterfaceDenied_Fails()
    {
        var aws = Good().WithSimulation(IamSimulationPurpose.RoleVpcAccess, "ec2:CreateNetworkInterface", s => s with { Decision = "implicitDeny" });

        var finding = Single(new RoleVpcPermissionsRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("ec2:CreateNetworkInterface", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VpcPermissions_WhenOnlyDescribeVpcEndpointsMissing_FailsNamingIt()
    {
        var aws = Good().WithSimulation(IamSimulationPurpose.RoleVpcAccess, "ec2:DescribeVpcEndpoints", s => s with { Decision = "implicitDeny" });

        var finding = Single(new RoleVpcPermissionsRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("lacks ec2:DescribeVpcEndpoints,", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VpcPermissions_WhenEveryListedActionIsAllowed_PassesWithTheTenDecisionsAsEvidence()
    {
        var finding = Single(new RoleVpcPermissionsRule(), Good());

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Equal(10, finding.Evidence!["decisions"].Split(", ").Count(d => d.EndsWith(" allowed", StringComparison.Ordinal)));
        Assert.Contains("ec2:DescribeVpcEndpoints allowed", finding.Evidence["decisions"], StringComparison.Ordinal);
    }

    [Fact]
    public void VpcPermissions_WhenSimulationFailed_IsUnknown()
    {
        var aws = Good().WithSimulation(IamSimulationPurpose.RoleVpcAccess, "ec2:DescribeSubnets", s => s with { Status = Denied("iam:SimulatePrincipalPolicy"), Decision = null });

        Assert.Equal(Outcome.Unknown, Single(new RoleVpcPermissionsRule(), aws).Outcome);
    }

    [Fact]
    public void PassRole_WhenDeployerMayNotPass_WarnsNamingTheContextKey()
    {
        var aws = Good().WithSimulation(IamSimulationPurpose.DeployerPassRole, "iam:PassRole", s => s with { Decision = "implicitDeny" });

        var finding = Single(new DeployerCanPassRoleRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("iam:PassedToService", finding.Message, StringComparison.Ordinal);
        Assert.Equal(Caller, finding.Evidence!["deployer"]);
    }

    [Fact]
    public void PassRole_WhenDeployerArnGiven_SimulatesThatIdentity()
    {
        var aws = Good() with { DeployerArn = "arn:aws:iam::123456789012:role/pipeline" };

        var finding = Single(new DeployerCanPassRoleRule(), aws);

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Equal("arn:aws:iam::123456789012:role/pipeline", finding.Evidence!["deployer"]);
    }

    [Fact]
    public void PassRole_WhenCreateModelDenied_Warns() =>
        Assert.Equal(Outcome.Fail, Single(new DeployerCanPassRoleRule(), Good().WithSimulation(IamSimulationPurpose.DeployerCreateModel, "sagemaker:CreateModel", s => s with { Decision = "explicitDeny" })).Outcome);

    private static AwsFacts Grants(params PolicyStatementFacts[] statements) =>
        Good().WithRole(r => r with { Policies = [new IamPolicyFacts("lambda-access", null, IamPolicyKind.Inline, AwsStatus.Ok, null, "{}", statements)] });

    [Fact]
    public void InvokeScope_WhenLambdaStarOnEverything_Warns()
    {
        var finding = Single(new InvokeScopeBroadRule(), Grants(Statement("Allow", ["lambda:*"], ["*"])));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("lambda-access", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvokeScope_WhenEveryFunctionOfTheAccount_Warns() =>
        Assert.Equal(Outcome.Fail, Single(new InvokeScopeBroadRule(), Grants(Statement("Allow", ["lambda:InvokeFunction"], ["arn:aws:lambda:us-east-1:123456789012:function:*"]))).Outcome);

    [Fact]
    public void InvokeScope_WhenLambdaStarOnTheProviderOnly_Warns() =>
        Assert.Equal(Outcome.Fail, Single(new InvokeScopeBroadRule(), Grants(Statement("Allow", ["lambda:*"], [Provider]))).Outcome);

    [Fact]
    public void InvokeScope_WhenSageMakerNamePattern_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new InvokeScopeBroadRule(), Grants(Statement("Allow", ["lambda:InvokeFunction"], ["arn:aws:lambda:*:*:function:*SageMaker*"]))).Outcome);

    [Fact]
    public void InvokeScope_WhenDenyStatementIsBroad_Passes() =>
        Assert.Equal(Outcome.Pass, Single(new InvokeScopeBroadRule(), Grants(Statement("Deny", ["lambda:*"], ["*"]))).Outcome);

    [Fact]
    public void InvokeScope_WhenPolicyUnreadable_IsUnknown()
    {
        var aws = Good().WithRole(r => r with { Policies = [new IamPolicyFacts("managed", "arn:aws:iam::123456789012:policy/managed", IamPolicyKind.Managed, Denied("iam:GetPolicyVersion"))] });

        Assert.Equal(Outcome.Unknown, Single(new InvokeScopeBroadRule(), aws).Outcome);
    }

    [Theory]
    [InlineData("lambda:*", "lambda:InvokeFunction", true)]
    [InlineData("lambda:invoke*", "lambda:InvokeFunction", true)]
    [InlineData("lambda:Invoke?unction", "lambda:InvokeFunction", true)]
    [InlineData("lambda:GetFunction", "lambda:InvokeFunction", false)]
    [InlineData("*", "lambda:InvokeFunction", true)]
    [InlineData("s3:*", "lambda:InvokeFunction", false)]
    public void Like_WhenActionPatternGiven_MatchesCaseInsensitively(string pattern, string action, bool expected) =>
        Assert.Equal(expected, PolicyLogic.Like(pattern, action, ignoreCase: true));

    [Theory]
    [InlineData("arn:aws:lambda:*:*:function:*SageMaker*", "arn:aws:lambda:us-east-1:1:function:MySageMakerFn", true)]
    [InlineData("arn:aws:lambda:*:*:function:*SageMaker*", "arn:aws:lambda:us-east-1:1:function:mysagemakerfn", false)]
    [InlineData("arn:aws:lambda:us-east-1:1:function:creds", "arn:aws:lambda:us-east-1:1:function:creds:*", false)]
    [InlineData("arn:aws:lambda:us-east-1:1:function:creds*", "arn:aws:lambda:us-east-1:1:function:creds:*", true)]
    public void Like_WhenResourcePatternGiven_MatchesCaseSensitively(string pattern, string arn, bool expected) =>
        Assert.Equal(expected, PolicyLogic.Like(pattern, arn));
}
