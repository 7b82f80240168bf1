using System.Diagnostics;
using System.Text.Json;
using PreflightCheck.IntegrationTests.AwsFake;

namespace PreflightCheck.IntegrationTests.Cli;

/// <summary>
/// A deploy template shaped like AWS's samples and SageMaker Projects: an ECR image by tag and a model-package
/// container. Neither is a private-registry pull, so a gate over it passes and no registry host is looked up.
/// </summary>
public sealed class EcrScopeCliTests : IDisposable
{
    private const string EcrHost = "123456789012.dkr.ecr.us-east-1.amazonaws.com";

    private const string Template = $$"""
        AWSTemplateFormatVersion: "2010-09-09"
        Description: Churn scorer (image in ECR) and the approved model package of the churn-models group
        Parameters:
          ModelExecutionRoleArn:
            Type: String
            Default: arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole-20240101T000000
          ModelPackageName:
            Type: String
            Default: arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-models/3
        Resources:
          ScorerModel:
            Type: AWS::SageMaker::Model
            Properties:
              ExecutionRoleArn: !Ref ModelExecutionRoleArn
              PrimaryContainer:
                Image: {{EcrHost}}/churn-scorer:1.4.2
                ModelDataUrl: s3://sagemaker-us-east-1-123456789012/churn/model.tar.gz
          ScorerEndpointConfig:
            Type: AWS::SageMaker::EndpointConfig
            Properties:
              ProductionVariants:
                - VariantName: AllTraffic
                  ModelName: !GetAtt ScorerModel.ModelName
                  InitialInstanceCount: 1
                  InstanceType: ml.m5.large
                  InitialVariantWeight: 1.0
          PackageModel:
            Type: AWS::SageMaker::Model
            Properties:
              ExecutionRoleArn: !Ref ModelExecutionRoleArn
              Containers:
                - ModelPackageName: !Ref ModelPackageName
          PackageEndpointConfig:
            Type: AWS::SageMaker::EndpointConfig
            Properties:
              ProductionVariants:
                - VariantName: AllTraffic
                  ModelName: !GetAtt PackageModel.ModelName
                  InitialInstanceCount: 1
                  InstanceType: ml.m5.large
                  InitialVariantWeight: 1.0
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("preflight-cli-ecr-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task CheckOffline_WhenTemplateUsesEcrByTagAndAModelPackage_ExitsZero()
    {
        var template = Path.Combine(_dir, "endpoint.yaml");
        await File.WriteAllTextAsync(template, Template);

        var result = await PreflightProcess.RunAsync(["check", "--template", template, "--region", "us-east-1", "--offline", "--format", "json"]);

        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        var results = Results(result.StdOut);
        Assert.DoesNotContain(results, r => r.Outcome is "fail" or "unknown" or "error");
        Assert.Equal(["notApplicable", "notApplicable"], results.Where(r => r.RuleId == "PFC-IMG-002").Select(r => r.Outcome));
        Assert.Contains(results, r => r is { RuleId: "PFC-IMG-001", Model: "PackageModel", Outcome: "notApplicable" });
    }

    [Fact]
    public async Task Check_WhenTemplateUsesEcrAndAModelPackage_NeverLooksUpTheEcrHost()
    {
        var template = Path.Combine(_dir, "endpoint.yaml");
        await File.WriteAllTextAsync(template, Template);
        var facts = Path.Combine(_dir, "facts.json");
        var clock = Stopwatch.StartNew();

        // No network at all, so nothing real is ever asked; a lookup the collector made would be in the saved facts.
        var result = await PreflightProcess.RunWithoutNetworkAsync(
            ["check", "--template", template, "--region", "us-east-1", "--format", "json", "--save-facts", facts]);

        clock.Stop();
        var results = Results(result.StdOut);

        // With no AWS credentials the AWS rules are unknown, saying so; nothing else may be unknown.
        var unknown = results.Where(r => r.Outcome == "unknown").ToArray();
        Assert.All(unknown, r => Assert.Contains("AWS could not be queried", r.Message, StringComparison.Ordinal));
        Assert.True(result.ExitCode == 0 || (result.ExitCode == 3 && unknown.Length > 0), $"exit {result.ExitCode}: {result.StdErr}");
        var registry = results.Where(r => r.RuleId.StartsWith("PFC-REG-", StringComparison.Ordinal) || r.RuleId.StartsWith("PFC-TLS-", StringComparison.Ordinal)).ToArray();
        var registryRules = Directory.GetFiles(Path.Combine(PreflightProcess.RepositoryRoot, "rules"), "PFC-*.md")
            .Count(f => Path.GetFileName(f).StartsWith("PFC-REG-", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith("PFC-TLS-", StringComparison.Ordinal));
        Assert.Equal(registryRules * 2, registry.Length);
        Assert.All(registry, r => Assert.Equal("notApplicable", r.Outcome));
        Assert.Contains(registry, r => r.RuleId == "PFC-REG-001" && r.Message.Contains($"Amazon ECR ({EcrHost})", StringComparison.Ordinal));
        Assert.Contains(registry, r => r.RuleId == "PFC-REG-001" && r.Message.Contains("model package arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-models/3", StringComparison.Ordinal));
        Assert.DoesNotContain(results, r => r.Outcome is "fail" or "error");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        var saved = JsonDocument.Parse(await File.ReadAllTextAsync(facts)).RootElement;
        Assert.True(saved.TryGetProperty("collectors", out var collectors), "the facts name the collectors that ran");
        Assert.Contains(collectors.EnumerateArray(), c => c.GetProperty("name").GetString() == "registry");
        Assert.True(!saved.TryGetProperty("registries", out var registries) || registries.GetArrayLength() == 0, registries.ToString());
    }

    [Fact]
    public async Task CheckEndpoint_WhenServerlessVariantServesAPrivateRegistryModel_FailsServerlessRule()
    {
        var scenario = Scenario.Load("healthy");
        scenario.EndpointConfigs.Add(new EndpointConfigSpec
        {
            Name = "private-registry-serverless-config",
            Variants = [new VariantSpec { Name = "AllTraffic", Model = "private-registry-model", ServerlessMemory = 2048 }],
        });
        scenario.Endpoints.Add(new EndpointSpec { Name = "private-registry-serverless", Config = "private-registry-serverless-config", Status = "InService" });
        await using var aws = await AwsFakeServer.StartAsync(scenario);

        var result = await PreflightProcess.RunAsync(
            ["check", "--endpoint", "private-registry-serverless", "--rules", "PFC-CFG-006", "--format", "json"],
            environment: aws.ClientEnvironment().ToDictionary(kv => kv.Key, kv => (string?)kv.Value));

        Assert.True(result.ExitCode == 1, result.StdErr + result.StdOut);
        var finding = Assert.Single(Results(result.StdOut));
        Assert.Equal(("PFC-CFG-006", "fail"), (finding.RuleId, finding.Outcome));
        Assert.Contains("not from Amazon ECR", finding.Message, StringComparison.Ordinal);
        Assert.Contains("has a VpcConfig", finding.Message, StringComparison.Ordinal);
    }

    private sealed record Result(string RuleId, string Outcome, string Model, string Message);

    private static Result[] Results(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("results").EnumerateArray()
            .Select(r => new Result(r.GetProperty("ruleId").GetString()!, r.GetProperty("outcome").GetString()!, r.GetProperty("model").GetString()!, r.GetProperty("message").GetString()!))
            .ToArray();
}
