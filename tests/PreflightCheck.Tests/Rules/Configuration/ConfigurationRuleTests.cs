using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Configuration;
using static PreflightCheck.Tests.PlanBuilder;

namespace PreflightCheck.Tests.Rules.Configuration;

public sealed class VpcConfigPresentRuleTests
{
    private readonly VpcConfigPresentRule _rule = new();

    [Fact]
    public void Evaluate_WhenVpcModeWithGoodConfig_Passes()
    {
        var finding = Assert.Single(Evaluate(_rule, Model()));

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Equal("model vpc-model", finding.Target);
        Assert.Equal("subnet-0123456789abcdef0, subnet-0123456789abcdef1", finding.Evidence!["subnets"]);
    }

    [Fact]
    public void Evaluate_WhenVpcModeWithoutVpcConfig_FailsNamingTheContainer()
    {
        var finding = Assert.Single(Evaluate(_rule, Model(noVpc: true)));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("ModelContainer", finding.Message, StringComparison.Ordinal);
        Assert.Contains("no VpcConfig", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WhenNoVpcModeAndNoVpcConfig_IsNotApplicable()
    {
        var finding = Assert.Single(Evaluate(_rule, Model([Container(accessMode: "Platform", provider: null)], noVpc: true)));

        Assert.Equal(Outcome.NotApplicable, finding.Outcome);
    }

    [Theory]
    [InlineData(new string[0], new[] { "sg-0123456789abcdef0" }, "Subnets has 0 entries; CreateModel accepts 1 to 16")]
    [InlineData(new[] { "subnet-1" }, new[] { "sg-0123456789abcdef0" }, "Subnets entry \"subnet-1\" is not an id")]
    [InlineData(new[] { "subnet-0123456789abcdef0" }, new[] { "sg-1", "sg-2", "sg-3", "sg-4", "sg-5", "sg-6" }, "SecurityGroupIds has 6 entries; CreateModel accepts 1 to 5")]
    [InlineData(new[] { "subnet-0123456789abcdef0", "subnet-0123456789abcdef0" }, new[] { "sg-01234567" }, "lists \"subnet-0123456789abcdef0\" 2 times")]
    [InlineData(new[] { "subnet-0123456789abcdef0" }, new[] { "SG-01234567" }, "SecurityGroupIds entry \"SG-01234567\" is not an id")]
    public void Evaluate_WhenVpcConfigIsMalformed_FailsSayingWhat(string[] subnets, string[] groups, string expected)
    {
        var finding = Assert.Single(Evaluate(_rule, Model(vpc: Vpc(subnets, groups))));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains(expected, finding.Message, StringComparison.Ordinal);
        Assert.NotNull(finding.Location);
    }

    [Fact]
    public void Evaluate_WhenOneSubnetIsMalformed_PointsAtThatSubnet()
    {
        var finding = Assert.Single(Evaluate(_rule, Model(vpc: Vpc(["subnet-0123456789abcdef0", "subnet-XYZ"]))));

        Assert.Equal(21, finding.Location!.Column);
    }
}

public sealed class CredentialsProviderArnRuleTests
{
    private readonly CredentialsProviderArnRule _rule = new();

    [Theory]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:creds")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:creds:prod")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:creds:$LATEST")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:creds:7")]
    public void Evaluate_WhenLambdaArnInTheModelRegion_Passes(string arn)
    {
        var finding = Assert.Single(Evaluate(_rule, Model([Container(provider: arn)])));

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Equal(8, finding.Location!.Line);
    }

    [Theory]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:layer:creds", "is not a Lambda function ARN")]
    [InlineData("creds", "is not a Lambda function ARN")]
    [InlineData("arn:aws:lambda:us-east-1:12345:function:creds", "is not a Lambda function ARN")]
    [InlineData("arn:aws:lambda:eu-west-1:123456789012:function:creds", "is in eu-west-1 but model vpc-model is created in us-east-1")]
    [InlineData("arn:aws-cn:lambda:cn-north-1:123456789012:function:creds", "partition aws-cn but model vpc-model is in aws")]
    public void Evaluate_WhenArnIsWrong_FailsSayingWhy(string arn, string expected)
    {
        var finding = Assert.Single(Evaluate(_rule, Model([Container(provider: arn)])));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains(expected, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WhenRegionUnknown_PassesButSaysTheRegionWasNotCompared()
    {
        var finding = Assert.Single(Evaluate(_rule, Model([Container(provider: "arn:aws:lambda:eu-west-1:123456789012:function:creds")]), region: null));

        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Contains("region could not be compared", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WhenNoAuthConfig_IsNotApplicable()
    {
        var finding = Assert.Single(Evaluate(_rule, Model([Container(provider: null)])));

        Assert.Equal(Outcome.NotApplicable, finding.Outcome);
    }
}

public sealed class ExecutionRoleArnRuleTests
{
    private readonly ExecutionRoleArnRule _rule = new();

    [Theory]
    [InlineData("arn:aws:iam::123456789012:role/SageMakerExecutionRole")]
    [InlineData("arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole-20200101T000001")]
    public void Evaluate_WhenRoleArn_Passes(string arn)
    {
        var finding = Assert.Single(Evaluate(_rule, Model(role: arn)));

        Assert.Equal(Outcome.Pass, finding.Outcome);
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:user/deployer", "names an IAM user")]
    [InlineData("arn:aws:sts::123456789012:assumed-role/Role/session", "STS session ARN")]
    [InlineData("SageMakerExecutionRole", "is not an IAM role ARN")]
    [InlineData("arn:aws-cn:iam::123456789012:role/r", "partition aws-cn but region us-east-1 is in aws")]
    public void Evaluate_WhenNotARoleOfThePartition_Fails(string arn, string expected)
    {
        var finding = Assert.Single(Evaluate(_rule, Model(role: arn)));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains(expected, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WhenRoleMissing_Fails()
    {
        var finding = Assert.Single(Evaluate(_rule, Model(role: null)));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("no ExecutionRoleArn", finding.Message, StringComparison.Ordinal);
    }
}

public sealed class PrivateImageUsesVpcModeRuleTests
{
    private const string Ecr = "123456789012.dkr.ecr.us-east-1.amazonaws.com/model@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private readonly PrivateImageUsesVpcModeRule _rule = new();

    [Fact]
    public void Evaluate_WhenPrivateImageWithVpcMode_Passes()
    {
        Assert.Equal(Outcome.Pass, Assert.Single(Evaluate(_rule, Model())).Outcome);
    }

    [Theory]
    [InlineData("Platform")]
    [InlineData(null)]
    public void Evaluate_WhenPrivateImageWithoutVpcMode_FailsWithTheFix(string? mode)
    {
        var finding = Assert.Single(Evaluate(_rule, Model([Container(accessMode: mode)])));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("registry.example.com, not in ECR", finding.Message, StringComparison.Ordinal);
        Assert.Contains("RepositoryAccessMode to \"Vpc\"", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WhenDockerHubImageWithoutVpcMode_FailsNamingDockerHub()
    {
        var finding = Assert.Single(Evaluate(_rule, Model([Container(image: "ubuntu:22.04", accessMode: null)])));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("on Docker Hub", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WhenModeHasWrongCase_Fails()
    {
        var finding = Assert.Single(Evaluate(_rule, Model([Container(accessMode: "vpc")])));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("case-sensitive", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WhenEcrImage_IsNotApplicable()
    {
        Assert.Equal(Outcome.NotApplicable, Assert.Single(Evaluate(_rule, Model([Container(image: Ecr, accessMode: null)]))).Outcome);
    }

    [Fact]
    public void Evaluate_WhenImageUnparseable_IsUnknownPointingToImg001()
    {
        var finding = Assert.Single(Evaluate(_rule, Model([Container(image: "Registry.Example.com/UPPER", accessMode: null)])));

        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("PFC-IMG-001", finding.Message, StringComparison.Ordinal);
    }
}

public sealed class EcrImagePlatformModeRuleTests
{
    private const string Ecr = "123456789012.dkr.ecr.us-east-1.amazonaws.com/model@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private readonly EcrImagePlatformModeRule _rule = new();

    [Fact]
    public void Evaluate_WhenEcrImageWithVpcMode_Fails()
    {
        var finding = Assert.Single(Evaluate(_rule, Model([Container(image: Ecr, accessMode: "Vpc")])));

        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal(6, finding.Location!.Line);
    }

    [Fact]
    public void Evaluate_WhenEcrImageWithPlatformMode_Passes()
    {
        Assert.Equal(Outcome.Pass, Assert.Single(Evaluate(_rule, Model([Container(image: Ecr, accessMode: "Platform")]))).Outcome);
    }

    [Fact]
    public void Evaluate_WhenPrivateImage_IsNotApplicable()
    {
        Assert.Equal(Outcome.NotApplicable, Assert.Single(Evaluate(_rule, Model())).Outcome);
    }
}
