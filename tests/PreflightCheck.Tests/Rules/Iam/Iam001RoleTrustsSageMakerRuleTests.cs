using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Iam;
using static PreflightCheck.Tests.Rules.Network.AwsFactsBuilder;

namespace PreflightCheck.Tests.Rules.Iam;

public partial class IamRulesTests
{
    [Covers("PFC-IAM-001", Outcome.Fail)]
    [Fact]
    public void RoleTrust_WhenRoleIsMissing_FailsAtTheRoleArn()
    {
        var aws = Good().WithRole(r => new IamRoleFacts(r.Arn, new AwsStatus(CollectionStatus.NotFound, "NoSuchEntity")));

        var finding = Single(new RoleTrustsSageMakerRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal($"role {Role}", finding.Target);
        Assert.Equal(PlanBuilder.At(2), finding.Location);
    }

    [Covers("PFC-IAM-001", Outcome.Fail)]
    [Fact]
    public void RoleTrust_WhenOnlyEc2IsTrusted_FailsNamingThePrincipal()
    {
        var aws = Good().WithRole(r => r with { TrustStatements = [Statement("Allow", ["sts:AssumeRole"], [], ["ec2.amazonaws.com"])] });

        var finding = Single(new RoleTrustsSageMakerRule(), aws);

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("ec2.amazonaws.com", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-IAM-001", Outcome.Pass)]
    [Fact]
    public void RoleTrust_WhenConditioned_PassesReportingTheCondition()
    {
        const string condition = """{"StringEquals":{"aws:SourceAccount":"123456789012"}}""";
        var aws = Good().WithRole(r => r with { TrustStatements = [Statement("Allow", ["sts:AssumeRole", "sts:TagSession"], [], ["sagemaker.amazonaws.com"], condition: condition)] });

        var finding = Single(new RoleTrustsSageMakerRule(), aws);

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains("aws:SourceAccount", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-IAM-001", Outcome.Unknown)]
    [Fact]
    public void RoleTrust_WhenGetRoleDenied_IsUnknownNamingTheAction()
    {
        var finding = Single(new RoleTrustsSageMakerRule(), Good().WithRole(r => new IamRoleFacts(r.Arn, Denied("iam:GetRole"))));

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("iam:GetRole", finding.Message, StringComparison.Ordinal);
    }

    [Covers("PFC-IAM-001", Outcome.NotApplicable)]
    [Fact]
    public void RoleTrust_WhenNoExecutionRole_DoesNotApply() =>
        Assert.Equal(Outcome.NotApplicable, Single(new RoleTrustsSageMakerRule(), Good(), Model() with { ExecutionRoleArn = null }).Outcome);
}
