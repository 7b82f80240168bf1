using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Reports;
using PreflightCheck.Core.Rules;
using PreflightCheck.Inputs.Templates;
using PreflightCheck.Rules;
using static PreflightCheck.Tests.Inputs.Templates.TemplateTestFiles;

namespace PreflightCheck.Tests.Inputs.Templates;

public sealed class UnresolvedValuesTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Engine_WhenImageIsUnresolved_ReportsImageRulesUnknownNamingTheExpression()
    {
        var path = _files.Write("t.yaml", """
            Parameters:
              ImageUri: { Type: String }
            Resources:
              Model:
                Type: AWS::SageMaker::Model
                Properties:
                  ExecutionRoleArn: arn:aws:iam::123456789012:role/r
                  VpcConfig: { Subnets: [subnet-0123456789abcdef0], SecurityGroupIds: [sg-0123456789abcdef0] }
                  Containers:
                    - ContainerHostname: Unresolved
                      Image: !Ref ImageUri
                    - ContainerHostname: Literal
                      Image: registry.example.com/team/model@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
                      ImageConfig: { RepositoryAccessMode: Vpc }
            """);
        var plan = TemplateInput.Read(path, Region, Account);

        var results = Run(plan);

        var digest = Assert.Single(results, r => r.RuleId == "PFC-IMG-002" && r.Target == "container Unresolved");
        Assert.Equal(Outcome.Unknown, digest.Outcome);
        Assert.StartsWith($"container Unresolved: Image could not be resolved statically (!Ref ImageUri at {path}:11:18): ", digest.Message, StringComparison.Ordinal);
        Assert.Equal(new SourceLocation(path, 11, 18), digest.Location);
        Assert.Equal("container Unresolved: Image = !Ref ImageUri", digest.Evidence["unresolved"]);
        Assert.All(results.Where(r => r.Target == "container Unresolved" && r.RuleId.StartsWith("PFC-IMG-", StringComparison.Ordinal)), r => Assert.Equal(Outcome.Unknown, r.Outcome));
        Assert.Equal(Outcome.NotApplicable, Assert.Single(results, r => r.RuleId == "PFC-CFG-003" && r.Target == "container Unresolved").Outcome);
        Assert.Equal(Outcome.Pass, Assert.Single(results, r => r.RuleId == "PFC-IMG-002" && r.Target == "container Literal").Outcome);
        Assert.Equal(Outcome.Pass, Assert.Single(results, r => r.RuleId == "PFC-CFG-004").Outcome);
    }

    [Fact]
    public void Engine_WithoutTheTransform_WouldHaveJudgedTheMissingValue()
    {
        var path = _files.Write("t.yaml", """
            Parameters:
              Role: { Type: String }
            Resources:
              Model:
                Type: AWS::SageMaker::Model
                Properties:
                  ExecutionRoleArn: !Ref Role
                  PrimaryContainer: { Image: registry.example.com/m:1 }
            """);
        var plan = TemplateInput.Read(path, Region, Account);
        var engine = BuiltInRules.CreateEngine();
        var selection = new RuleSelection(["PFC-CFG-004"], offline: true);

        var plain = engine.Evaluate(FactsSnapshot.ForPlan(plan, Now), selection, RuleSettings.Default).Results;
        var transformed = new Judge(engine, new ToolInfo("preflight", "test")).Run(FactsSnapshot.ForPlan(plan, Now), selection).Results;

        Assert.Equal(Outcome.Fail, Assert.Single(plain).Outcome);
        var result = Assert.Single(transformed);
        Assert.Equal(Outcome.Unknown, result.Outcome);
        Assert.Contains("model Model: ExecutionRoleArn could not be resolved statically (!Ref Role at ", result.Message, StringComparison.Ordinal);
        Assert.Contains("this check would have said fail: Model Model has no ExecutionRoleArn", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Engine_WhenExampleReadWithoutAccount_TurnsAccountDependentChecksUnknown()
    {
        var plan = TemplateInput.Read(Example("two-models.cfn.yaml"), null, null);

        var results = Run(plan);

        var role = Assert.Single(results, r => r.RuleId == "PFC-CFG-004" && r.Model == "ranker-prod");
        Assert.Equal(Outcome.Pass, role.Outcome);
        Assert.Contains("the ARN of IAM role ExecutionRole of the same template (!GetAtt ExecutionRole.Arn)", role.Message, StringComparison.Ordinal);
        var provider = Assert.Single(results, r => r.RuleId == "PFC-CFG-003" && r.Model == "ranker-prod");
        Assert.Equal(Outcome.Unknown, provider.Outcome);
        Assert.Equal(Outcome.Pass, Assert.Single(results, r => r.RuleId == "PFC-CFG-001" && r.Model == "EmbedderModel").Outcome);
    }

    [Fact]
    public void Engine_WhenExampleReadWithAccountAndRegion_HasNoUnknownStaticResult()
    {
        var plan = TemplateInput.Read(Example("two-models.cfn.yaml"), Region, Account);

        var results = Run(plan);

        Assert.DoesNotContain(results, r => r.Outcome == Outcome.Unknown);
        Assert.Equal(["EmbedderModel", "ranker-prod"], results.Select(r => r.Model).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Pass", "container c", "Unknown")]
    [InlineData("Fail", "container c", "Unknown")]
    [InlineData("NotApplicable", "container c", "Unknown")]
    [InlineData("Error", "container c", "Error")]
    [InlineData("Unknown", "container c", "Unknown")]
    [InlineData("Fail", "container other", "Fail")]
    [InlineData("Fail", "container c2", "Fail")]
    [InlineData("Fail", "model m", "Fail")]
    public void For_WhenFindingTargetsAnUnresolvedValue_ChangesOnlyJudgedOutcomesOfThatTarget(string given, string target, string wanted)
    {
        var outcome = Enum.Parse<Outcome>(given);
        var expected = Enum.Parse<Outcome>(wanted);
        var at = new SourceLocation("t.yaml", 3, 7);
        var plan = new DeploymentPlan("t.yaml", null, [
            new ModelPlan("m", null, null, [], null, false, [], Unresolved: [new UnresolvedValue("container c: Image", "!Ref X", at)]),
            new ModelPlan("n", null, null, [], null, false, []),
        ]);
        var result = Result(outcome, "m", target);

        var changed = UnresolvedValues.For(plan)(result);

        Assert.Equal(expected, changed.Outcome);
        if (expected != outcome)
        {
            Assert.Equal("container c: Image could not be resolved statically (!Ref X at t.yaml:3:7): this check would have said " + given switch
            {
                "Pass" => "pass",
                "Fail" => "fail",
                _ => "notApplicable",
            } + ": judged", changed.Message);
            Assert.Equal(new SourceLocation("t.yaml", 3, 7), changed.Location);
        }
        else
        {
            Assert.Same(result, changed);
        }
    }

    [Fact]
    public void For_WhenOtherModelHasTheUnresolvedValue_LeavesTheFindingAlone()
    {
        var plan = new DeploymentPlan("t.yaml", null, [
            new ModelPlan("m", null, null, [], null, false, [], Unresolved: [new UnresolvedValue("container c: Image", "!Ref X", null)]),
        ]);
        var result = Result(Outcome.Fail, "n", "container c");

        Assert.Same(result, UnresolvedValues.For(plan)(result));
    }

    [Fact]
    public void For_WhenSeveralValuesUnresolved_NamesTheFirstAndCountsTheRest()
    {
        var plan = new DeploymentPlan("t.yaml", null, [
            new ModelPlan("m", null, null, [], null, false, [], Unresolved: [
                new UnresolvedValue("model m: VpcConfig.Subnets[0]", "!ImportValue a", new SourceLocation("t.yaml", 4, 9)),
                new UnresolvedValue("model m: VpcConfig.Subnets[1]", "!ImportValue b", new SourceLocation("t.yaml", 5, 9)),
            ]),
        ]);

        var changed = UnresolvedValues.For(plan)(Result(Outcome.Pass, "m", "model m", "PFC-CFG-002"));

        Assert.Equal(
            "model m: VpcConfig.Subnets[0] could not be resolved statically (!ImportValue a at t.yaml:4:9) and 1 more: this check would have said pass: judged",
            changed.Message);
        Assert.Equal("model m: VpcConfig.Subnets[0] = !ImportValue a; model m: VpcConfig.Subnets[1] = !ImportValue b", changed.Evidence["unresolved"]);
    }

    [Theory]
    [InlineData("PFC-IMG-002", "container c: ModelDataUrl", "Fail")]
    [InlineData("PFC-IMG-002", "container c: model_data_url", "Fail")]
    [InlineData("PFC-IMG-002", "container c: ImageConfig.RepositoryAccessMode", "Fail")]
    [InlineData("PFC-IMG-002", "container c: image", "Unknown")]
    [InlineData("PFC-IMG-002", "container c: PrimaryContainer", "Unknown")]
    [InlineData("PFC-CFG-001", "container c: ImageConfig", "Unknown")]
    [InlineData("PFC-CFG-001", "container c: image_config.repository_access_mode", "Unknown")]
    [InlineData("PFC-CFG-001", "container c: ImageConfig.RepositoryAuthConfig.RepositoryCredentialsProviderArn", "Fail")]
    [InlineData("PFC-CFG-003", "container c: image_config.repository_auth_config[0].repository_credentials_provider_arn", "Unknown")]
    [InlineData("PFC-CFG-004", "container c: Image", "Fail")]
    [InlineData("PFC-NET-012", "container c: ModelDataUrl", "Unknown")]
    [InlineData("PFC-XYZ-001", "container c: Anything", "Unknown")]
    public void For_WhenRuleDoesNotReadTheUnresolvedValue_LeavesItsVerdict(string ruleId, string field, string wanted)
    {
        var plan = new DeploymentPlan("t.yaml", null, [
            new ModelPlan("m", null, null, [], null, false, [], Unresolved: [new UnresolvedValue(field, "!Ref X", null)]),
        ]);

        var changed = UnresolvedValues.For(plan)(Result(Outcome.Fail, "m", "container c", ruleId));

        Assert.Equal(Enum.Parse<Outcome>(wanted), changed.Outcome);
    }

    private static RuleResult Result(Outcome outcome, string model, string target, string ruleId = "PFC-IMG-002") =>
        new(Metadata(ruleId), outcome, model, target, "judged",
            new SortedDictionary<string, string>(StringComparer.Ordinal), null, null, null);

    private static RuleMetadata Metadata(string ruleId) =>
        BuiltInRules.Catalog.All.FirstOrDefault(r => r.Id == ruleId) ?? BuiltInRules.Catalog["PFC-IMG-002"] with { Id = ruleId };

    [Fact]
    public void Engine_WhenProviderIsGetAttOfAFunctionInTheTemplate_PassesTheArnCheck()
    {
        var path = _files.Write("t.yaml", """
            Resources:
              Credentials:
                Type: AWS::Lambda::Function
                Properties: { Runtime: python3.12, Handler: index.handler, Role: arn:aws:iam::123456789012:role/lambda, Code: { ZipFile: x } }
              Model:
                Type: AWS::SageMaker::Model
                Properties:
                  ExecutionRoleArn: arn:aws:iam::123456789012:role/model
                  VpcConfig: { Subnets: [subnet-0123456789abcdef0], SecurityGroupIds: [sg-0a1b2c3d4e5f67890] }
                  PrimaryContainer:
                    Image: reg.example.com/team/m@sha256:0000000000000000000000000000000000000000000000000000000000000000
                    ImageConfig:
                      RepositoryAccessMode: Vpc
                      RepositoryAuthConfig: { RepositoryCredentialsProviderArn: !GetAtt Credentials.Arn }
            """);

        var results = Run(TemplateInput.Read(path, Region, Account));

        var arn = Assert.Single(results, r => r.RuleId == "PFC-CFG-003");
        Assert.Equal(Outcome.Pass, arn.Outcome);
        Assert.Contains("the ARN of Lambda function Credentials of the same stack", arn.Message, StringComparison.Ordinal);
        Assert.Equal("Model", arn.Resource);
    }

    [Theory]
    [InlineData(null, "Pass")]
    [InlineData("arn:aws:iam::123456789012:user/deployer", "Fail")]
    public void Engine_WhenRoleIsRefOfAParameter_JudgesItsDefaultOrTheGivenValue(string? given, string expected)
    {
        var path = _files.Write("t.yaml", """
            Parameters:
              ModelExecutionRoleArn:
                Type: String
                Default: arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole-20250101T000000
            Resources:
              Model:
                Type: AWS::SageMaker::Model
                Properties:
                  ExecutionRoleArn: !Ref ModelExecutionRoleArn
                  PrimaryContainer: { Image: reg.example.com/team/m:1 }
            """);
        var parameters = given is null ? null : new Dictionary<string, string> { ["ModelExecutionRoleArn"] = given };

        var results = Run(TemplateInput.Read(path, Region, null, parameters));

        Assert.Equal(expected, Assert.Single(results, r => r.RuleId == "PFC-CFG-004").Outcome.ToString());
    }

    private static IReadOnlyList<RuleResult> Run(DeploymentPlan plan) =>
        new Judge(BuiltInRules.CreateEngine(), new ToolInfo("preflight", "test")).Run(FactsSnapshot.ForPlan(plan, Now), new RuleSelection(offline: true)).Results;
}
