using PreflightCheck.Core;
using PreflightCheck.Inputs.Templates;
using static PreflightCheck.Tests.Inputs.Templates.TemplateTestFiles;

namespace PreflightCheck.Tests.Inputs.Templates;

public sealed class CloudFormationTemplateTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Read_WhenYamlExampleWithTwoModels_GivesOnePlanPerModelWithResolvedValues()
    {
        var path = Example("two-models.cfn.yaml");

        var plan = TemplateInput.Read(path, Region, Account);

        Assert.Equal(["ranker-prod", "EmbedderModel"], plan.Models.Select(m => m.Name));
        var ranker = Model(plan, "ranker-prod");
        Assert.Empty(ranker.Unresolved ?? []);
        Assert.Equal("arn:aws:iam::123456789012:role/SageMakerExecutionRole", ranker.ExecutionRoleArn!.Value);
        var container = Assert.Single(ranker.Containers);
        Assert.Equal("Ranker", container.Name);
        Assert.Equal("myteam.myorg.com/docker-local/ranker:1.0", container.Image!.Value);
        Assert.Equal("Vpc", container.RepositoryAccessMode!.Value);
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:registry-credentials", container.CredentialsProviderArn!.Value);
        Assert.Equal(["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"], ranker.VpcConfig!.Subnets.Select(s => s.Value));
        Assert.Equal(["sg-0123456789abcdef0"], ranker.VpcConfig.SecurityGroupIds.Select(s => s.Value));
        Assert.Equal("search", ranker.Endpoint);
        var rankerVariant = Assert.Single(ranker.Variants);
        Assert.Equal(("ranker", "ranker-prod", "ml.m5.xlarge", 1), (rankerVariant.VariantName, rankerVariant.ModelName, rankerVariant.InstanceType!.Value, rankerVariant.InitialInstanceCount));

        var embedder = Model(plan, "EmbedderModel");
        Assert.Empty(embedder.Unresolved ?? []);
        var embedderContainer = Assert.Single(embedder.Containers);
        Assert.Equal("myteam.myorg.com/docker-local/embedder:1.0", embedderContainer.Image!.Value);
        Assert.Equal("Vpc", embedderContainer.RepositoryAccessMode!.Value);
        Assert.Equal(["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"], embedder.VpcConfig!.Subnets.Select(s => s.Value));
        var embedderVariant = Assert.Single(embedder.Variants);
        Assert.Equal(("embedder", "ml.c7g.xlarge", 2), (embedderVariant.VariantName, embedderVariant.InstanceType!.Value, embedderVariant.InitialInstanceCount));
    }

    [Fact]
    public void Read_WhenYamlExample_LocatesEachValueAtItsTemplateLine()
    {
        var path = Example("two-models.cfn.yaml");

        var plan = TemplateInput.Read(path, Region, Account);

        var ranker = Model(plan, "ranker-prod");
        var (imageLine, imageColumn) = Find(path, "!Sub \"${RegistryHost}/docker-local/ranker");
        AssertAt(ranker.Containers[0].Image!.Location, path, imageLine, imageColumn);
        var (modeLine, modeColumn) = Find(path, "Vpc\n".TrimEnd());
        Assert.True(modeLine > 0 && modeColumn > 0);
        var (roleLine, roleColumn) = Find(path, "!GetAtt ExecutionRole.Arn");
        AssertAt(ranker.ExecutionRoleArn!.Location, path, roleLine, roleColumn);
        var embedderImage = Model(plan, "EmbedderModel").Containers[0].Image!.Location;
        var (joinLine, joinColumn) = Find(path, "!Join [\"\", [!Ref RegistryHost");
        AssertAt(embedderImage, path, joinLine, joinColumn);
        var (selectLine, selectColumn) = Find(path, "!Select [1, !Ref SubnetIds]");
        AssertAt(Model(plan, "EmbedderModel").VpcConfig!.Subnets[1].Location, path, selectLine, selectColumn);
    }

    [Fact]
    public void Read_WhenYamlImageIsAPlainScalar_LocatesItsFirstCharacter()
    {
        var path = _files.Write("plain.yaml", """
            Resources:
              Model:
                Type: AWS::SageMaker::Model
                Properties:
                  PrimaryContainer:
                    Image:   "registry.example.com/team/model:1"
            """);

        var container = Assert.Single(Assert.Single(TemplateInput.Read(path, null, null).Models).Containers);

        Assert.Equal("registry.example.com/team/model:1", container.Image!.Value);
        AssertAt(container.Image.Location, path, 6, 18);
        AssertAt(container.Location, path, 6, 9);
    }

    [Fact]
    public void Read_WhenJsonExample_ResolvesParameterDefaultAndLocatesTheRef()
    {
        var path = Example("vpc-model.cfn.json");

        var plan = TemplateInput.Read(path, Region, Account);

        var model = Assert.Single(plan.Models);
        Assert.Equal("vpc-model", model.Name);
        Assert.Equal("arn:aws:iam::123456789012:role/SageMakerExecutionRole", model.ExecutionRoleArn!.Value);
        var container = Assert.Single(model.Containers);
        Assert.Equal("ModelContainer", container.Name);
        Assert.StartsWith("myteam.myorg.com/docker-local/my-inference-image@sha256:", container.Image!.Value, StringComparison.Ordinal);
        var (line, column) = Find(path, "{ \"Ref\": \"ImageUri\" }");
        AssertAt(container.Image.Location, path, line, column);
        Assert.Null(container.ModelDataUrl);
        var unresolved = Assert.Single(model.Unresolved!);
        Assert.Equal("container ModelContainer: ModelDataUrl", unresolved.Field);
        Assert.Equal("!Sub \"s3://${ModelDataBucket}/model.tar.gz\"", unresolved.Expression);
        var (subLine, subColumn) = Find(path, "{ \"Fn::Sub\": \"s3://");
        AssertAt(unresolved.Location, path, subLine, subColumn);
        Assert.Equal("AllTraffic", Assert.Single(model.Variants).VariantName);
    }

    [Fact]
    public void Read_WhenAccountAndRegionUnknown_LeavesTheirValuesUnresolvedWithoutGuessing()
    {
        var path = Example("two-models.cfn.yaml");

        var plan = TemplateInput.Read(path, null, null);

        var ranker = Model(plan, "ranker-prod");
        Assert.Null(ranker.ExecutionRoleArn);
        Assert.Null(ranker.Containers[0].CredentialsProviderArn);
        Assert.Equal(
            [
                ("container Ranker: ImageConfig.RepositoryAuthConfig.RepositoryCredentialsProviderArn", "!Sub \"arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:registry-credentials\""),
                ("model ranker-prod: ExecutionRoleArn", "!GetAtt ExecutionRole.Arn"),
            ],
            ranker.Unresolved!.Select(u => (u.Field, u.Expression)));
        Assert.Equal("myteam.myorg.com/docker-local/ranker:1.0", ranker.Containers[0].Image!.Value);
    }

    [Theory]
    [InlineData("!Ref Host", "reg.example.com")]
    [InlineData("{ Ref: Host }", "reg.example.com")]
    [InlineData("!Sub \"${Host}/team/model:${Tag}\"", "reg.example.com/team/model:2.1")]
    [InlineData("!Sub [\"${H}/m:${Tag}\", { H: !Ref Other }]", "other.example.com/m:2.1")]
    [InlineData("!Sub \"${Host}/m:${!Literal}\"", "reg.example.com/m:${Literal}")]
    [InlineData("{ \"Fn::Sub\": \"${Host}/m:1\" }", "reg.example.com/m:1")]
    [InlineData("!Join [\":\", [!Sub \"${Host}/m\", !Ref Tag]]", "reg.example.com/m:2.1")]
    [InlineData("!Join [\"/\", !Ref Parts]", "reg.example.com/team/model")]
    [InlineData("!Select [1, [a.example.com/x:1, b.example.com/y:2]]", "b.example.com/y:2")]
    [InlineData("!Select [2, !Ref Parts]", "model")]
    [InlineData("!Select [0, !Split [\",\", \"x.example.com/a:1,y.example.com/b:2\"]]", "x.example.com/a:1")]
    [InlineData("!If [InEurope, eu.example.com/m:1, us.example.com/m:1]", "us.example.com/m:1")]
    [InlineData("!If [NotInEurope, eu.example.com/m:1, us.example.com/m:1]", "eu.example.com/m:1")]
    [InlineData("!FindInMap [Images, !Ref AWS::Region, Uri]", "us.example.com/m:3")]
    [InlineData("!Sub \"${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/m:1\"", "123456789012.dkr.ecr.us-east-1.amazonaws.com/m:1")]
    [InlineData("!Sub \"${AWS::Partition}-${Count}\"", "aws-3")]
    public void Read_WhenImageUsesAnIntrinsic_ResolvesIt(string expression, string expected)
    {
        var path = _files.Write("template.yaml", Template(expression));

        var model = Assert.Single(TemplateInput.Read(path, Region, Account).Models);

        Assert.Empty(model.Unresolved ?? []);
        Assert.Equal(expected, model.Containers[0].Image!.Value);
        AssertAt(model.Containers[0].Image!.Location, path, 35, 16);
    }

    [Theory]
    [InlineData("!Ref NoDefault", "!Ref NoDefault")]
    [InlineData("!Ref Secret", "!Ref Secret")]
    [InlineData("!Sub \"${Host}/m:${NoDefault}\"", "!Sub \"${Host}/m:${NoDefault}\"")]
    [InlineData("!ImportValue shared-image", "!ImportValue \"shared-image\"")]
    [InlineData("!GetAtt Repository.RepositoryUri", "!GetAtt Repository.RepositoryUri")]
    [InlineData("!Join [\":\", [!GetAtt [Repository, RepositoryUri], \"1\"]]", "!Join [\":\", [!GetAtt Repository.RepositoryUri, \"1\"]]")]
    [InlineData("!Sub \"${AWS::StackName}.example.com/m:1\"", "!Sub \"${AWS::StackName}.example.com/m:1\"")]
    [InlineData("!If [ByParameter, a.example.com/m:1, b.example.com/m:1]", "!If [\"ByParameter\", \"a.example.com/m:1\", \"b.example.com/m:1\"]")]
    [InlineData("!Select [0, !Ref NoDefaultList]", "!Select [0, !Ref NoDefaultList]")]
    public void Read_WhenImageCannotBeResolved_RecordsItUnresolvedAndLeavesImageNull(string expression, string rendered)
    {
        var path = _files.Write("template.yaml", Template(expression));

        var model = Assert.Single(TemplateInput.Read(path, Region, Account).Models);

        Assert.Null(model.Containers[0].Image);
        var unresolved = Assert.Single(model.Unresolved!);
        Assert.Equal("container PrimaryContainer: Image", unresolved.Field);
        Assert.StartsWith(rendered, unresolved.Expression, StringComparison.Ordinal);
        AssertAt(unresolved.Location, path, 35, 16);
    }

    private const string IfProperties = """
        Parameters:
          ImageSource: { Type: String, AllowedValues: [private, ecr] }
        Conditions:
          UsePrivateRegistry: !Equals [!Ref ImageSource, private]
        Resources:
          Role:
            Type: AWS::IAM::Role
            Properties: { AssumeRolePolicyDocument: {} }
          Ranker:
            Type: AWS::SageMaker::Model
            Properties: !If
              - UsePrivateRegistry
              - ExecutionRoleArn: !GetAtt Role.Arn
                PrimaryContainer:
                  Image: reg.example.com/team/ranker:1
                  ImageConfig: { RepositoryAccessMode: Vpc }
              - ExecutionRoleArn: !GetAtt Role.Arn
                PrimaryContainer:
                  Image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/ranker:1
        """;

    [Theory]
    [InlineData("private", "reg.example.com/team/ranker:1")]
    [InlineData("ecr", "123456789012.dkr.ecr.us-east-1.amazonaws.com/ranker:1")]
    public void Read_WhenPropertiesAreAnIfWithAKnownCondition_ReadsThatBranchAtItsOwnLines(string source, string image)
    {
        var path = _files.Write("if.yaml", IfProperties);

        var model = Assert.Single(TemplateInput.Read(path, Region, null, new Dictionary<string, string> { ["ImageSource"] = source }).Models);

        Assert.Equal("Ranker", model.Resource);
        Assert.Equal(image, model.Containers[0].Image!.Value);
        var (line, column) = Find(path, image);
        AssertAt(model.Containers[0].Image!.Location, path, line, column);
        Assert.Equal(source == "private" ? "Vpc" : null, model.Containers[0].RepositoryAccessMode?.Value);
        var role = Assert.Single(model.Unresolved!);
        Assert.Equal(("model Ranker: ExecutionRoleArn", "AWS::IAM::Role", "Role"), (role.Field, role.ResourceType, role.LogicalId));
    }

    [Fact]
    public void Read_WhenPropertiesAreAnIfWithAnUnknownCondition_KeepsWhatBothBranchesShareAndNotesWhatDiffers()
    {
        var path = _files.Write("if.yaml", IfProperties);

        var model = Assert.Single(TemplateInput.Read(path, Region, null).Models);

        Assert.Null(model.Containers[0].Image);
        Assert.Null(model.Containers[0].RepositoryAccessMode);
        var unresolved = model.Unresolved!.ToDictionary(u => u.Field);
        Assert.Equal(["container PrimaryContainer: Image", "container PrimaryContainer: ImageConfig", "model Ranker: ExecutionRoleArn"], unresolved.Keys.Order(StringComparer.Ordinal));
        var (imageLine, imageColumn) = Find(path, "reg.example.com/team/ranker:1");
        AssertAt(unresolved["container PrimaryContainer: Image"].Location, path, imageLine, imageColumn);
        var (configLine, configColumn) = Find(path, "{ RepositoryAccessMode: Vpc }");
        AssertAt(unresolved["container PrimaryContainer: ImageConfig"].Location, path, configLine, configColumn);
        Assert.EndsWith("which depends on condition UsePrivateRegistry, which is not known: parameter ImageSource has no value (give --parameter ImageSource=VALUE)",
            unresolved["container PrimaryContainer: Image"].Expression, StringComparison.Ordinal);
        Assert.Equal("AWS::IAM::Role", unresolved["model Ranker: ExecutionRoleArn"].ResourceType);
    }

    [Fact]
    public void Read_WhenTemplateHasOnlyAnEndpointConfig_GivesNoModelAndANote()
    {
        var path = _files.Write("endpoint-config.yaml", """
            Parameters:
              ModelName: { Type: String }
            Resources:
              EndpointConfig:
                Type: AWS::SageMaker::EndpointConfig
                Properties:
                  ProductionVariants:
                    - { ModelName: !Ref ModelName, VariantName: AllTraffic, InitialInstanceCount: 1, InstanceType: ml.m5.large }
            """);

        var plan = TemplateInput.Read(path, Region, null);

        Assert.Empty(plan.Models);
        Assert.Contains("defines no AWS::SageMaker::Model resource, only EndpointConfig", Assert.Single(plan.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenTemplateHasNeitherModelNorEndpointConfig_IsStillAnInputError()
    {
        var path = _files.Write("bucket.yaml", "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n");

        var error = Assert.Throws<InputException>(() => TemplateInput.Read(path, Region, null));

        Assert.Contains("defines no AWS::SageMaker::Model resource (it has AWS::S3::Bucket)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenLambdaArnIsGetAttOfAFunctionInTheTemplate_NotesItAsThatFunction()
    {
        var path = _files.Write("template.yaml", """
            Resources:
              Credentials:
                Type: AWS::Lambda::Function
                Properties: { Runtime: python3.12, Handler: index.handler, Role: arn:aws:iam::123456789012:role/lambda, Code: { ZipFile: x } }
              Model:
                Type: AWS::SageMaker::Model
                Properties:
                  ExecutionRoleArn: arn:aws:iam::123456789012:role/model
                  PrimaryContainer:
                    Image: reg.example.com/m:1
                    ImageConfig:
                      RepositoryAccessMode: Vpc
                      RepositoryAuthConfig: { RepositoryCredentialsProviderArn: !GetAtt Credentials.Arn }
            """);

        var model = Assert.Single(TemplateInput.Read(path, Region, Account).Models);

        var provider = Assert.Single(model.Unresolved!);
        Assert.Equal(("container PrimaryContainer: ImageConfig.RepositoryAuthConfig.RepositoryCredentialsProviderArn", "AWS::Lambda::Function", "Credentials"),
            (provider.Field, provider.ResourceType, provider.LogicalId));
    }

    [Fact]
    public void Read_WhenIfConditionHasNoValue_NamesTheConditionAndTheParameterToGive()
    {
        var path = _files.Write("template.yaml", Template("!If [ByParameter, a.example.com/m:1, b.example.com/m:1]"));

        var unresolved = Assert.Single(Assert.Single(TemplateInput.Read(path, Region, Account).Models).Unresolved!);

        Assert.EndsWith(
            ", which depends on condition ByParameter, which is not known: parameter NoDefault has no value (give --parameter NoDefault=VALUE)",
            unresolved.Expression,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x", "a.example.com/m:1")]
    [InlineData("y", "b.example.com/m:1")]
    public void Read_WhenParameterIsGiven_DecidesTheCondition(string value, string expected)
    {
        var path = _files.Write("template.yaml", Template("!If [ByParameter, a.example.com/m:1, b.example.com/m:1]"));

        var model = Assert.Single(TemplateInput.Read(path, Region, Account, new Dictionary<string, string> { ["NoDefault"] = value }).Models);

        Assert.Empty(model.Unresolved ?? []);
        Assert.Equal(expected, model.Containers[0].Image!.Value);
        AssertAt(model.Containers[0].Image!.Location, path, 35, 16);
    }

    [Fact]
    public void Read_WhenParameterOverridesADefault_UsesTheGivenValue()
    {
        var path = _files.Write("template.yaml", Template("!Sub \"${Host}/m:${Tag}\""));

        var model = Assert.Single(TemplateInput.Read(path, Region, Account, new Dictionary<string, string> { ["Tag"] = "3.0" }).Models);

        Assert.Equal("reg.example.com/m:3.0", model.Containers[0].Image!.Value);
    }

    [Fact]
    public void Read_WhenParameterIsNotInTheTemplate_NamesItAndTheOnesThatAre()
    {
        var path = _files.Write("template.yaml", Template("reg.example.com/m:1"));

        var error = Assert.Throws<InputException>(() => TemplateInput.Read(path, Region, Account, new Dictionary<string, string> { ["Hots"] = "x" }));

        Assert.StartsWith("--parameter Hots: the template has no parameter \"Hots\" (it has Host, Other, ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Env")]
    [InlineData("=x")]
    public void Parameters_WhenNotKeyEqualsValue_SaysWhatIsExpected(string option)
    {
        var error = Assert.Throws<InputException>(() => TemplateInput.Parameters([option]));

        Assert.Contains($"--parameter '{option}' is not Key=Value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameters_WhenValueHoldsEquals_KeepsItWhole()
    {
        Assert.Equal("a=b", TemplateInput.Parameters(["Tag=a=b"])["Tag"]);
    }

    [Fact]
    public void Read_WhenRegionNotGiven_LeavesRegionPseudoParameterUnresolved()
    {
        var path = _files.Write("template.yaml", Template("!FindInMap [Images, !Ref AWS::Region, Uri]"));

        var model = Assert.Single(TemplateInput.Read(path, null, Account).Models);

        Assert.Null(model.Containers[0].Image);
        Assert.Equal("!FindInMap [\"Images\", !Ref AWS::Region, \"Uri\"]", Assert.Single(model.Unresolved!, u => u.Field == "container PrimaryContainer: Image").Expression);
        Assert.Equal("!GetAtt Role.Arn", Assert.Single(model.Unresolved!, u => u.Field == "model Model: ExecutionRoleArn").Expression);
    }

    [Fact]
    public void Read_WhenJsonAndYamlSayTheSame_GiveTheSameValues()
    {
        var yaml = _files.Write("t.yaml", Template("!Join [\":\", [!Sub \"${Host}/m\", !Ref Tag]]"));
        var json = _files.Write("t.json", """
            {
              "Parameters": { "Host": { "Type": "String", "Default": "reg.example.com" }, "Tag": { "Type": "String", "Default": "2.1" } },
              "Resources": {
                "Model": {
                  "Type": "AWS::SageMaker::Model",
                  "Properties": {
                    "PrimaryContainer": {
                      "Image": { "Fn::Join": [":", [{ "Fn::Sub": "${Host}/m" }, { "Ref": "Tag" }]] }
                    }
                  }
                }
              }
            }
            """);

        var fromYaml = Assert.Single(TemplateInput.Read(yaml, Region, Account).Models);
        var fromJson = Assert.Single(TemplateInput.Read(json, Region, Account).Models);

        Assert.Equal(fromYaml.Containers[0].Image!.Value, fromJson.Containers[0].Image!.Value);
        Assert.Equal("Model", fromJson.Name);
        AssertAt(fromJson.Containers[0].Image!.Location, json, 8, 20);
    }

    [Fact]
    public void Read_WhenResourceConditionIsFalse_LeavesThatModelOut()
    {
        var path = _files.Write("t.yaml", Template("reg.example.com/m:1") + """

              EuropeOnly:
                Type: AWS::SageMaker::Model
                Condition: InEurope
                Properties:
                  PrimaryContainer: { Image: eu.example.com/m:1 }
            """);

        var plan = TemplateInput.Read(path, Region, Account);

        Assert.Equal(["Model"], plan.Models.Select(m => m.Name));
    }

    [Fact]
    public void Read_WhenVariantModelNameCannotBeResolved_NotesItOnEveryModel()
    {
        var path = _files.Write("t.yaml", Template("reg.example.com/m:1") + """

              Config:
                Type: AWS::SageMaker::EndpointConfig
                Properties:
                  ProductionVariants:
                    - VariantName: main
                      ModelName: !ImportValue shared-model
                      InstanceType: ml.m5.large
            """);

        var model = Assert.Single(TemplateInput.Read(path, Region, Account).Models);

        Assert.Empty(model.Variants);
        var unresolved = Assert.Single(model.Unresolved!);
        Assert.Equal(("variant main: ModelName", "!ImportValue \"shared-model\""), (unresolved.Field, unresolved.Expression));
    }

    [Fact]
    public void Read_WhenModelHasNoModelName_NamesItByLogicalIdAndLinksRefVariants()
    {
        var path = _files.Write("t.yaml", Template("reg.example.com/m:1") + """

              Config:
                Type: AWS::SageMaker::EndpointConfig
                Properties:
                  ProductionVariants:
                    - { VariantName: a, ModelName: !Ref Model, InstanceType: ml.m5.large, InitialInstanceCount: 1 }
                    - { VariantName: b, ModelName: !GetAtt Model.ModelName, InstanceType: ml.g5.xlarge }
                    - { VariantName: c, ModelName: some-other-model, InstanceType: ml.m5.large }
            """);

        var model = Assert.Single(TemplateInput.Read(path, Region, Account).Models);

        Assert.Equal("Model", model.Name);
        Assert.Equal(["a", "b"], model.Variants.Select(v => v.VariantName));
        Assert.Equal(["ml.m5.large", "ml.g5.xlarge"], model.Variants.Select(v => v.InstanceType!.Value));
    }

    [Theory]
    [InlineData("!Ref Missing", 35, 16, "neither a parameter nor a resource")]
    [InlineData("!Bogus x", 35, 16, "unknown tag !Bogus")]
    [InlineData("!Select [5, [a, b]]", 35, 25, "Fn::Select index 5 is outside the list of 2")]
    [InlineData("!GetAtt NoDot", 35, 16, "is not Resource.Attribute")]
    [InlineData("!FindInMap [Images, nowhere, Uri]", 35, 16, "finds no \"nowhere\"")]
    [InlineData("!Join [\":\"]", 35, 16, "Fn::Join takes a list of 2 arguments")]
    public void Read_WhenIntrinsicIsWrong_ThrowsOneLineErrorAtIt(string expression, int line, int column, string fragment)
    {
        var path = _files.Write("t.yaml", Template(expression));

        var error = Assert.Throws<InputException>(() => TemplateInput.Read(path, Region, Account));

        Assert.Equal((path, line, column), (error.File, error.Line, error.Column));
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.OneLine());
    }

    [Fact]
    public void Read_WhenPropertyNameIsMisspelt_SaysWhichAndWhere()
    {
        var path = _files.Write("t.yaml", """
            Resources:
              Model:
                Type: AWS::SageMaker::Model
                Properties:
                  PrimaryContainer:
                    image: reg.example.com/m:1
            """);

        var error = Assert.Throws<InputException>(() => TemplateInput.Read(path, null, null));

        Assert.Equal((6, 9), (error.Line, error.Column));
        Assert.Contains("did you mean \"Image\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenTemplateHasNoSageMakerModel_NamesWhatItHas()
    {
        var path = _files.Write("t.yaml", """
            Resources:
              Bucket:
                Type: AWS::S3::Bucket
            """);

        var error = Assert.Throws<InputException>(() => TemplateInput.Read(path, null, null));

        Assert.Equal(
            $"error: {path}:2:3: the template defines no AWS::SageMaker::Model resource (it has AWS::S3::Bucket)",
            error.OneLine());
    }

    [Theory]
    [InlineData("Resources:\n  Model:\n    Type: [unclosed\n", 4, 1)]
    [InlineData("Resources:\n  Model:\n  \tType: AWS::SageMaker::Model\n", 3, 3)]
    [InlineData("Resources:\n  Model: {Type: AWS::SageMaker::Model\n  Other: 1\n", 2, 15)]
    public void Read_WhenYamlIsMalformed_ThrowsOneLineErrorWithLineAndColumn(string yaml, int line, int column)
    {
        var path = _files.Write("bad.yaml", yaml);

        var error = Assert.Throws<InputException>(() => TemplateInput.Read(path, null, null));

        Assert.StartsWith("malformed YAML: ", error.Message, StringComparison.Ordinal);
        Assert.Equal((path, line, column), (error.File, error.Line, error.Column));
        Assert.DoesNotContain('\n', error.OneLine());
        Assert.DoesNotContain("Idx:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenYamlKeyRepeats_ThrowsAtTheSecondKey()
    {
        var path = _files.Write("dup.yaml", "Resources:\n  A:\n    Type: x\n  A:\n    Type: y\n");

        var error = Assert.Throws<InputException>(() => TemplateInput.Read(path, null, null));

        Assert.Equal((4, 3), (error.Line, error.Column));
        Assert.Contains("\"A\" appears twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenJsonTemplateIsMalformed_ThrowsWithLocation()
    {
        var path = _files.Write("bad.json", "{\n  \"Resources\": {\n    \"Model\": \n  }\n}\n");

        var error = Assert.Throws<InputException>(() => TemplateInput.Read(path, null, null));

        Assert.Equal((path, 4), (error.File, error.Line));
        Assert.StartsWith("malformed JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenYamlHasBomCrLfAndAliases_ReadsValuesAndLines()
    {
        var yaml = "Resources:\r\n  Model:\r\n    Type: AWS::SageMaker::Model\r\n    Properties:\r\n"
            + "      VpcConfig:\r\n        Subnets: &subnets [subnet-0123456789abcdef0]\r\n        SecurityGroupIds: [sg-0123456789abcdef0]\r\n"
            + "      PrimaryContainer:\r\n        Image: reg.example.com/m:1\r\n"
            + "  Other:\r\n    Type: AWS::SageMaker::Model\r\n    Properties:\r\n      VpcConfig: { Subnets: *subnets, SecurityGroupIds: [sg-0123456789abcdef0] }\r\n";
        var path = _files.Write("crlf.yaml", [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(yaml)]);

        var plan = TemplateInput.Read(path, null, null);

        AssertAt(Model(plan, "Model").Containers[0].Image!.Location, path, 9, 16);
        Assert.Equal("subnet-0123456789abcdef0", Assert.Single(Model(plan, "Other").VpcConfig!.Subnets).Value);
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("- just\n- a list\n", "expected a CloudFormation template")]
    [InlineData("{\"Description\": \"no resources\"}", "has no \"Resources\" section")]
    public void Read_WhenFileIsNotATemplate_SaysSo(string content, string fragment)
    {
        var path = _files.Write("t.txt", content);

        var error = Assert.Throws<InputException>(() => TemplateInput.Read(path, null, null));

        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.File);
    }

    [Fact]
    public void Read_WhenFileIsMissing_SaysSo()
    {
        var path = Path.Combine(_files.Root, "absent.yaml");

        var error = Assert.Throws<InputException>(() => TemplateInput.Read(path, null, null));

        Assert.Equal($"error: {path}: file not found", error.OneLine());
    }

    [Fact]
    public void Read_WhenTemplateHasManyModels_GivesOnePlanEachInTemplateOrder()
    {
        var yaml = new System.Text.StringBuilder("Parameters:\n  Host: { Type: String, Default: reg.example.com }\nResources:\n");
        for (var i = 0; i < 500; i++)
        {
            yaml.Append($"  Model{i}:\n    Type: AWS::SageMaker::Model\n    Properties:\n      ModelName: !Sub \"model-${{Host}}-{i}\"\n")
                .Append($"      PrimaryContainer: {{ Image: !Sub \"${{Host}}/m:{i}\", ImageConfig: {{ RepositoryAccessMode: Vpc }} }}\n");
        }

        var path = _files.Write("many.yaml", yaml.ToString());
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var plan = TemplateInput.Read(path, null, null);

        output.WriteLine($"500 models read in {clock.ElapsedMilliseconds} ms");
        Assert.Equal(500, plan.Models.Count);
        Assert.Equal("model-reg.example.com-499", plan.Models[499].Name);
        Assert.Equal("reg.example.com/m:499", plan.Models[499].Containers[0].Image!.Value);
        AssertAt(plan.Models[499].Containers[0].Image!.Location, path, 3 + (499 * 5) + 5, 34);
    }

    /// <summary>A template whose single model's Image (line 35, column 16) is the given expression.</summary>
    private static string Template(string image) => $$"""
        Parameters:
          Host: { Type: String, Default: reg.example.com }
          Other: { Type: String, Default: other.example.com }
          Tag: { Type: String, Default: "2.1" }
          Count: { Type: Number, Default: 3 }
          Parts: { Type: CommaDelimitedList, Default: "reg.example.com, team, model" }
          NoDefault: { Type: String }
          NoDefaultList: { Type: CommaDelimitedList }
          Secret: { Type: String, NoEcho: true, Default: do-not-print }
        Conditions:
          InEurope: !Equals [!Ref AWS::Region, eu-west-1]
          NotInEurope: !Not [!Condition InEurope]
          ByParameter: !Equals [!Ref NoDefault, x]
        Mappings:
          Images:
            us-east-1: { Uri: us.example.com/m:3 }
            eu-west-1: { Uri: eu.example.com/m:3 }
        Resources:
          Repository:
            Type: AWS::ECR::Repository
            Properties: { RepositoryName: models }
          Role:
            Type: AWS::IAM::Role
            Properties:
              RoleName: ModelRole
              AssumeRolePolicyDocument: {}
          Model:
            Type: AWS::SageMaker::Model
            Properties:
              ExecutionRoleArn: !GetAtt Role.Arn
              VpcConfig:
                Subnets: [subnet-0123456789abcdef0]
                SecurityGroupIds: [sg-0123456789abcdef0]
              PrimaryContainer:
                Image: {{image}}
        """;
}
