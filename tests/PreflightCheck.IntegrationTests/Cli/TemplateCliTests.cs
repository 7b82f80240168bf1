using System.Text.Json;

namespace PreflightCheck.IntegrationTests.Cli;

/// <summary>
/// CloudFormation as people write it, through the CLI process: a whole Properties block under Fn::If (the shape of the AWS
/// MLOps shadow-deployment sample), an endpoint configuration whose models live elsewhere (SageMaker Projects seed code),
/// CDK's synthesized Fn::GetAtt of a role, and two resources giving the same ModelName.
/// </summary>
public sealed class TemplateCliTests : IDisposable
{
    private const string Account = "123456789012";
    private readonly string _dir = Directory.CreateTempSubdirectory("preflight-cfn-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The model's whole Properties block chosen by a condition on a parameter, as the shadow-deployment sample does.</summary>
    private static string ShadowStyle(string registryDefault) => $$"""
        AWSTemplateFormatVersion: "2010-09-09"
        Description: Ranker model, pulled from the team registry or from ECR
        Parameters:
          SageMakerProjectName:
            Type: String
            Description: Name of the project
          RegistryHost:
            Type: String
            Default: myteam.myorg.com
          ImageSource:
            Type: String
            AllowedValues: [private, ecr]
        {{registryDefault}}
        Conditions:
          UsePrivateRegistry: !Equals [!Ref ImageSource, private]
        Resources:
          ModelExecutionRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Statement:
                  - Effect: Allow
                    Principal: { Service: sagemaker.amazonaws.com }
                    Action: sts:AssumeRole
          RankerModel:
            Type: AWS::SageMaker::Model
            Properties: !If
              - UsePrivateRegistry
              - ExecutionRoleArn: !GetAtt ModelExecutionRole.Arn
                PrimaryContainer:
                  Image: !Sub "${RegistryHost}/docker-local/ranker@sha256:9bc1ff2a8b73daf3794f007e0aa068cd884ee6c563e74f6756685372f9c4076a"
                  ImageConfig:
                    RepositoryAccessMode: Vpc
                    RepositoryAuthConfig:
                      RepositoryCredentialsProviderArn: !Sub "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:registry-credentials"
                VpcConfig:
                  Subnets: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]
                  SecurityGroupIds: [sg-0a1b2c3d4e5f67890]
              - ExecutionRoleArn: !GetAtt ModelExecutionRole.Arn
                PrimaryContainer:
                  Image: !Sub "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/ranker@sha256:9bc1ff2a8b73daf3794f007e0aa068cd884ee6c563e74f6756685372f9c4076a"
          EndpointConfig:
            Type: AWS::SageMaker::EndpointConfig
            Properties:
              ProductionVariants:
                - ModelName: !GetAtt RankerModel.ModelName
                  VariantName: AllTraffic
                  InitialInstanceCount: 1
                  InstanceType: ml.m5.xlarge
        """;

    private static async Task<(CliResult Result, Dictionary<string, JsonElement> Results)> Check(string template, params string[] extra)
    {
        var result = await PreflightProcess.RunAsync(
            ["check", "--template", template, "--offline", "--region", "us-east-1", "--account", Account, "--format", "json", .. extra]);
        var results = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (result.ExitCode is 0 or 1 or 3)
        {
            using var report = JsonDocument.Parse(result.StdOut);
            foreach (var item in report.RootElement.GetProperty("results").EnumerateArray())
            {
                var resource = item.TryGetProperty("resource", out var r) ? r.GetString() : null;
                results[$"{item.GetProperty("ruleId").GetString()} {resource} {item.GetProperty("target").GetString()}"] = item.Clone();
            }
        }

        return (result, results);
    }

    private static string Outcome(Dictionary<string, JsonElement> results, string key) =>
        results.TryGetValue(key, out var result) ? result.GetProperty("outcome").GetString()! : $"no result {key} among: {string.Join("; ", results.Keys)}";

    [Theory]
    [InlineData("    Default: private", "pass")]
    [InlineData("    Default: ecr", "notApplicable")]
    public async Task Check_WhenPropertiesAreAnIfAndTheConditionDefaults_ReadsTheChosenBranch(string registryDefault, string providerOutcome)
    {
        var path = Write("ranker.yaml", ShadowStyle(registryDefault));

        var (result, results) = await Check(path);

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal(providerOutcome, Outcome(results, "PFC-CFG-003 RankerModel container PrimaryContainer"));
        Assert.Equal("pass", Outcome(results, "PFC-CFG-004 RankerModel model RankerModel"));
    }

    [Theory]
    [InlineData("    Default: private", "ecr", "notApplicable")]
    [InlineData("    Default: ecr", "private", "pass")]
    [InlineData("", "private", "pass")]
    public async Task Check_WhenParameterIsGiven_ItOverridesTheDefault(string registryDefault, string given, string providerOutcome)
    {
        var path = Write("ranker.yaml", ShadowStyle(registryDefault));

        var (result, results) = await Check(path, "--parameter", $"ImageSource={given}", "--fail-on-unknown");

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal(providerOutcome, Outcome(results, "PFC-CFG-003 RankerModel container PrimaryContainer"));
    }

    [Fact]
    public async Task Check_WhenTheConditionHasNoValue_MakesWhatDiffersUnknownNamingTheCondition()
    {
        var path = Write("ranker.yaml", ShadowStyle(""));

        var (result, results) = await Check(path, "--fail-on-unknown");

        Assert.Equal(3, result.ExitCode);
        var provider = results["PFC-CFG-003 RankerModel container PrimaryContainer"];
        Assert.Equal("unknown", provider.GetProperty("outcome").GetString());
        var message = provider.GetProperty("message").GetString()!;
        Assert.Contains("depends on condition UsePrivateRegistry, which is not known: parameter ImageSource has no value (give --parameter ImageSource=VALUE)", message, StringComparison.Ordinal);
        var location = provider.GetProperty("location");
        Assert.Equal(Find(path, "RepositoryAccessMode: Vpc"), (location.GetProperty("line").GetInt32(), location.GetProperty("column").GetInt32()));

        // Both branches give the same role, so its check does not depend on the condition.
        Assert.Equal("pass", Outcome(results, "PFC-CFG-004 RankerModel model RankerModel"));
    }

    [Fact]
    public async Task Check_WhenTemplateHasOnlyAnEndpointConfig_ExitsZeroWithANote()
    {
        // SageMaker Projects seed code: the endpoint config names models a pipeline registered elsewhere.
        var path = Write("endpoint-config-template.yml", """
            Description: This template is built and deployed by the infrastructure pipeline in various stages (staging/production) as required.
            Parameters:
              SageMakerProjectName:
                Type: String
                Description: Name of the project
                MinLength: 1
                MaxLength: 32
              ModelExecutionRoleArn:
                Type: String
              ModelPackageName:
                Type: String
              StageName:
                Type: String
              EndpointInstanceCount:
                Type: Number
                Default: 1
              EndpointInstanceType:
                Type: String
                Default: ml.m5.large
            Resources:
              EndpointConfig:
                Type: AWS::SageMaker::EndpointConfig
                Properties:
                  ProductionVariants:
                    - InitialInstanceCount: !Ref EndpointInstanceCount
                      InitialVariantWeight: 1.0
                      InstanceType: !Ref EndpointInstanceType
                      ModelName: !Sub ${SageMakerProjectName}-${StageName}
                      VariantName: AllTraffic
              Endpoint:
                Type: AWS::SageMaker::Endpoint
                Properties:
                  EndpointName: !Sub ${SageMakerProjectName}-${StageName}
                  EndpointConfigName: !GetAtt EndpointConfig.EndpointConfigName
            """);

        var result = await PreflightProcess.RunAsync("check", "--template", path, "--offline", "--region", "us-east-1", "--fail-on-unknown");

        Assert.True(result.ExitCode == 0, result.StdErr);
        var note = Assert.Single(result.StdErr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"note: {path}: the template defines no AWS::SageMaker::Model resource, only EndpointConfig, Endpoint", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WhenCdkRoleIsGetAttOfARoleInTheTemplate_PassesTheRoleCheck()
    {
        // The shape `cdk synth` writes: JSON, hashed logical ids, Fn::GetAtt as a list, aws:cdk:path metadata.
        var path = Write("RankerStack.template.json", """
            {
              "Resources": {
                "ModelRoleB3A1F3C2": {
                  "Type": "AWS::IAM::Role",
                  "Properties": {
                    "AssumeRolePolicyDocument": {
                      "Statement": [{ "Action": "sts:AssumeRole", "Effect": "Allow", "Principal": { "Service": "sagemaker.amazonaws.com" } }],
                      "Version": "2012-10-17"
                    }
                  },
                  "Metadata": { "aws:cdk:path": "RankerStack/ModelRole/Resource" }
                },
                "RankerModel": {
                  "Type": "AWS::SageMaker::Model",
                  "Properties": {
                    "ExecutionRoleArn": { "Fn::GetAtt": ["ModelRoleB3A1F3C2", "Arn"] },
                    "PrimaryContainer": {
                      "Image": "myteam.myorg.com/docker-local/ranker:1.4",
                      "ImageConfig": { "RepositoryAccessMode": "Vpc" }
                    },
                    "VpcConfig": { "SecurityGroupIds": ["sg-0a1b2c3d4e5f67890"], "Subnets": ["subnet-0123456789abcdef0"] }
                  },
                  "Metadata": { "aws:cdk:path": "RankerStack/Ranker/Model" }
                }
              },
              "Parameters": {
                "BootstrapVersion": { "Type": "AWS::SSM::Parameter::Value<String>", "Default": "/cdk-bootstrap/hnb659fds/version" }
              }
            }
            """);

        var result = await PreflightProcess.RunAsync("check", "--template", path, "--offline", "--region", "us-east-1", "--format", "json", "--rules", "PFC-CFG-004", "--fail-on-unknown");

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal("pass", ReportJson.Outcomes(result.StdOut)["PFC-CFG-004 model RankerModel"]);
        Assert.Contains("the ARN of IAM role ModelRoleB3A1F3C2 of the same template", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WhenTwoResourcesGiveTheSameModelName_ReportsEachUnderItsLogicalId()
    {
        var path = Write("blue-green.yaml", """
            Parameters:
              LiveColour:
                Type: String
                AllowedValues: [blue, green]
            Conditions:
              BlueIsLive: !Equals [!Ref LiveColour, blue]
              GreenIsLive: !Equals [!Ref LiveColour, green]
            Resources:
              BlueModel:
                Type: AWS::SageMaker::Model
                Condition: BlueIsLive
                Properties:
                  ModelName: ranker
                  ExecutionRoleArn: arn:aws:iam::123456789012:role/ranker-blue
                  PrimaryContainer:
                    Image: myteam.myorg.com/docker-local/ranker:1.4
              GreenModel:
                Type: AWS::SageMaker::Model
                Condition: GreenIsLive
                Properties:
                  ModelName: ranker
                  ExecutionRoleArn: arn:aws:iam::123456789012:user/deployer
                  PrimaryContainer:
                    Image: myteam.myorg.com/docker-local/ranker:1.5
            """);

        var (result, results) = await Check(path, "--rules", "PFC-CFG-004");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("pass", Outcome(results, "PFC-CFG-004 BlueModel model ranker"));
        Assert.Equal("fail", Outcome(results, "PFC-CFG-004 GreenModel model ranker"));
        Assert.Equal(2, results.Count);
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.Equal(["BlueModel", "GreenModel"], report.RootElement.GetProperty("plans").EnumerateArray().Select(p => p.GetProperty("resource").GetString()).Order(StringComparer.Ordinal));

        var console = await PreflightProcess.RunAsync("check", "--template", path, "--offline", "--region", "us-east-1", "--rules", "PFC-CFG-004", "--no-color", "--verbose");
        Assert.Contains("ranker (resource GreenModel) / model ranker", console.StdOut, StringComparison.Ordinal);
        Assert.Contains("ranker (resource BlueModel) / model ranker", console.StdOut, StringComparison.Ordinal);
        Assert.Matches(@"model:\s+ranker\s+resource:\s+GreenModel", console.StdOut);

        var sarif = await PreflightProcess.RunAsync("check", "--template", path, "--offline", "--region", "us-east-1", "--rules", "PFC-CFG-004", "--format", "sarif");
        using var log = JsonDocument.Parse(sarif.StdOut);
        var sarifResults = log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(["BlueModel", "GreenModel"], sarifResults.Select(r => r.GetProperty("properties").GetProperty("resource").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(2, sarifResults.Select(r => r.GetProperty("partialFingerprints").GetProperty("preflight/v1").GetString()).Distinct().Count());

        // With the condition decided, only the live model is checked.
        var (blue, blueResults) = await Check(path, "--rules", "PFC-CFG-004", "--parameter", "LiveColour=blue");
        Assert.Equal(0, blue.ExitCode);
        Assert.Equal(["PFC-CFG-004 BlueModel model ranker"], blueResults.Keys);
    }

    [Theory]
    [InlineData("ImageSource", "--parameter 'ImageSource' is not Key=Value")]
    [InlineData("=private", "--parameter '=private' is not Key=Value")]
    [InlineData("ImageSorce=private", "--parameter ImageSorce: the template has no parameter \"ImageSorce\" (it has SageMakerProjectName, RegistryHost, ImageSource)")]
    [InlineData("ImageSource=s3", "--parameter ImageSource=s3: not one of the parameter's AllowedValues (private, ecr)")]
    public async Task Check_WhenParameterIsBad_SaysSoInOneLine(string parameter, string expected)
    {
        var path = Write("ranker.yaml", ShadowStyle(""));

        var result = await PreflightProcess.RunAsync("check", "--template", path, "--offline", "--parameter", parameter);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StdErr.TrimEnd('\n').Split('\n'));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WhenParameterIsGivenWithoutATemplate_SaysItGoesWithTemplate()
    {
        var path = Write("request.json", """{"ModelName":"m","PrimaryContainer":{"Image":"myteam.myorg.com/docker-local/ranker:1.4"}}""");

        var result = await PreflightProcess.RunAsync("check", "--request", path, "--offline", "--parameter", "ImageSource=ecr");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--parameter goes with --template", Assert.Single(result.StdErr.TrimEnd('\n').Split('\n')), StringComparison.Ordinal);
    }

    private static (int Line, int Column) Find(string path, string text)
    {
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var column = lines[i].IndexOf(text, StringComparison.Ordinal);
            if (column >= 0)
            {
                return (i + 1, column + 1);
            }
        }

        throw new InvalidOperationException($"\"{text}\" is not in {path}");
    }
}
