using System.Text.Json;
using PreflightCheck.IntegrationTests.AwsFake;

namespace PreflightCheck.IntegrationTests.Cli;

/// <summary>The CLI against the loopback AWS fake: the real SDK and the signed adapters, as a user's run would make them.</summary>
public sealed class AwsCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("preflight-cli-aws-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Dictionary<string, string?> Env(AwsFakeServer aws) => aws.ClientEnvironment().ToDictionary(kv => kv.Key, kv => (string?)kv.Value);


    [Fact]
    public async Task CheckModel_WhenAccountIsHealthy_PassesEveryAwsRuleAndKeepsTheLambdaPasswordIn()
    {
        await using var aws = await AwsFakeServer.StartAsync("healthy");
        var facts = Path.Combine(_dir, "facts.json");

        var result = await PreflightProcess.RunAsync(
            ["check", "--model", "private-registry-model", "--skip-rules", "REG", "--skip-rules", "TLS", "--registry-address", "127.20.0.7", "--format", "json", "--save-facts", facts],
            environment: Env(aws));

        Assert.True(result.ExitCode is 0 or 1, result.StdErr);
        var outcomes = ReportJson.Outcomes(result.StdOut);
        var aws_ = outcomes.Where(o => o.Key.StartsWith("PFC-NET", StringComparison.Ordinal) || o.Key.StartsWith("PFC-LMB", StringComparison.Ordinal) || o.Key.StartsWith("PFC-IAM", StringComparison.Ordinal)).ToArray();
        Assert.True(aws_.Length >= 27, string.Join("\n", outcomes.Keys));
        Assert.All(aws_, o => Assert.True(o.Value is "pass" or "notApplicable", $"{o.Key}: {o.Value}"));
        Assert.DoesNotContain(outcomes, o => o.Key.StartsWith("PFC-REG", StringComparison.Ordinal));
        var password = aws.Scenario.Functions.Select(f => f.Invoke.Payload).Select(p => JsonDocument.Parse(p).RootElement)
            .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("Credentials", out _))
            .Select(p => p.GetProperty("Credentials").GetProperty("Password").GetString()!).First();
        Assert.DoesNotContain(password, result.StdOut + result.StdErr + File.ReadAllText(facts), StringComparison.Ordinal);
        Assert.Equal(1, aws.CallCount("lambda", "Invoke"));
    }

    [Fact]
    public async Task Diagnose_WhenEndpointFailedOnCredentials_ExplainsWithThePointedRules()
    {
        await using var aws = await AwsFakeServer.StartAsync("broken");

        var result = await PreflightProcess.RunAsync(["diagnose", "--endpoint", "broken-endpoint", "--registry-address", "127.20.0.7"], environment: Env(aws));

        Assert.True(result.ExitCode == 1, result.StdErr + result.StdOut);
        Assert.Contains("Endpoint broken-endpoint is Failed.", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("FailureReason: The fake could not fetch image", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("points at: the credentials from the Lambda must let SageMaker pull", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("What is broken", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("PFC-NET-009", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_WhenEndpointHasNoFailureReason_SaysSoAndRunsEverything()
    {
        await using var aws = await AwsFakeServer.StartAsync("broken");

        var result = await PreflightProcess.RunAsync(["diagnose", "--endpoint", "failed-without-reason", "--registry-address", "127.20.0.7", "--skip-rules", "REG", "--skip-rules", "TLS", "--verbose"], environment: Env(aws));

        Assert.Contains("has no FailureReason", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("PFC-NET-009", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckModel_WhenModelDoesNotExist_ExitsTwoWithOneLine()
    {
        await using var aws = await AwsFakeServer.StartAsync("healthy");

        var result = await PreflightProcess.RunAsync(["check", "--model", "no-such-model"], environment: Env(aws));

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.StdErr.TrimEnd('\n').Split('\n'));
        Assert.Contains("no-such-model", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckRequest_WhenNoAwsCredentials_AwsRulesAreUnknownSayingWhy()
    {
        var request = Path.Combine(_dir, "request.json");
        File.Copy(Path.Combine(PreflightProcess.RepositoryRoot, "src/PreflightCheck.Cli/Examples/vpc-model.request.json"), request);

        var result = await PreflightProcess.RunAsync(
            ["check", "--request", request, "--region", "us-east-1", "--skip-rules", "REG", "--skip-rules", "TLS", "--format", "json", "--fail-on-unknown", "--fail-on", "never"],
            environment: new Dictionary<string, string?>
            {
                ["AWS_CONFIG_FILE"] = "/nonexistent/config",
                ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/credentials",
                ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9",
            });

        Assert.True(result.ExitCode == 0, result.StdErr);
        using var report = JsonDocument.Parse(result.StdOut);
        var net = report.RootElement.GetProperty("results").EnumerateArray().First(r => r.GetProperty("ruleId").GetString() == "PFC-NET-001");
        Assert.Equal("unknown", net.GetProperty("outcome").GetString());
        Assert.Contains("AWS could not be queried", net.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_WhenAccountHasSeveralModels_ReportsEachWithSharedFacts()
    {
        await using var aws = await AwsFakeServer.StartAsync("healthy");

        var result = await PreflightProcess.RunAsync(
            ["scan", "--all-models", "--skip-rules", "REG", "--skip-rules", "TLS", "--registry-address", "127.20.0.7", "--format", "json"],
            environment: Env(aws));

        Assert.True(result.ExitCode is 0 or 1, result.StdErr);
        using var report = JsonDocument.Parse(result.StdOut);
        var plans = report.RootElement.GetProperty("plans").EnumerateArray().Select(p => p.GetProperty("model").GetString()).ToArray();
        Assert.Equal(aws.Scenario.Models.Count, plans.Length);
        Assert.Contains("private-registry-model", plans);
        var models = report.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("model").GetString()).Distinct().Count();
        Assert.Equal(plans.Length, models);
        Assert.Equal(plans.Length, aws.CallCount("sagemaker", "DescribeModel"));
        Assert.True(aws.CallCount("ec2", "DescribeSubnets") <= 2, $"DescribeSubnets x{aws.CallCount("ec2", "DescribeSubnets")}");
        Assert.True(aws.CallCount("ec2", "DescribeSecurityGroups") <= 2, $"DescribeSecurityGroups x{aws.CallCount("ec2", "DescribeSecurityGroups")}");
        Assert.Equal(1, aws.CallCount("lambda", "Invoke"));
        Assert.Equal(1, aws.CallCount("lambda", "GetFunction"));
    }

    [Fact]
    public async Task ScanEndpoints_WhenEndpointsShareAConfig_ReportsEachEndpointsModelsReadingSharedOnesOnce()
    {
        var scenario = Scenario.Load("healthy");
        scenario.EndpointConfigs.Add(new EndpointConfigSpec
        {
            Name = "two-variant-config",
            Variants = [new VariantSpec { Name = "Blue", Model = "unrelated-model-1" }, new VariantSpec { Name = "Green", Model = "unrelated-model-2" }],
        });
        scenario.Endpoints.Add(new EndpointSpec { Name = "two-variant-endpoint", Config = "two-variant-config" });
        scenario.Endpoints.Add(new EndpointSpec { Name = "canary-endpoint", Config = "private-registry-config", Status = "Failed", FailureReason = "CannotStartContainerError" });
        await using var aws = await AwsFakeServer.StartAsync(scenario);

        var result = await PreflightProcess.RunAsync(
            ["scan", "--endpoints", "--skip-rules", "REG", "--skip-rules", "TLS", "--registry-address", "127.20.0.7", "--format", "json"],
            environment: Env(aws));

        Assert.True(result.ExitCode is 0 or 1, result.StdErr);
        using var report = JsonDocument.Parse(result.StdOut);
        var plans = report.RootElement.GetProperty("plans").EnumerateArray()
            .Select(p => $"{p.GetProperty("endpoint").GetString()}/{p.GetProperty("model").GetString()}").ToArray();
        Assert.Equal(
            ["canary-endpoint/private-registry-model", "private-registry-endpoint/private-registry-model", "two-variant-endpoint/unrelated-model-1", "two-variant-endpoint/unrelated-model-2"],
            plans);
        Assert.Equal(1, aws.CallCount("sagemaker", "ListEndpoints"));
        Assert.Equal(2, aws.CallCount("sagemaker", "DescribeEndpointConfig"));
        Assert.Equal(3, aws.CallCount("sagemaker", "DescribeEndpoint"));
        Assert.Equal(3, aws.CallCount("sagemaker", "DescribeModel"));
        Assert.Equal(1, aws.CallCount("lambda", "Invoke"));
    }

    [Fact]
    public async Task Scan_WhenAModelIsDeletedBetweenListAndDescribe_SkipsItWithAWarningAndChecksTheRest()
    {
        var scenario = Scenario.Load("healthy");
        scenario.Faults.Add(new FaultSpec
        {
            Service = "sagemaker", Operation = "DescribeModel", Kind = "error", Code = "ValidationException", Status = 400, Times = 1,
            Message = "Could not find model \"arn:aws:sagemaker:us-east-1:123456789012:model/gone\".",
        });
        await using var aws = await AwsFakeServer.StartAsync(scenario);

        var result = await PreflightProcess.RunAsync(
            ["scan", "--concurrency", "1", "--skip-rules", "REG", "--skip-rules", "TLS", "--registry-address", "127.20.0.7", "--format", "json"],
            environment: Env(aws));

        Assert.True(result.ExitCode is 0 or 1, result.StdErr);
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.Equal(aws.Scenario.Models.Count - 1, report.RootElement.GetProperty("plans").GetArrayLength());
        var warning = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches("^warning: model '[a-z0-9-]+' was listed but no longer exists in us-east-1; skipped$", warning);
    }

    [Theory]
    [InlineData("--endpoints", "--all-models", "give either --all-models or --endpoints")]
    [InlineData("--endpoints", "--name-contains=nothing-matches", "no SageMaker endpoint whose name contains 'nothing-matches' in us-east-1")]
    public async Task ScanEndpoints_WhenSelectionIsWrongOrEmpty_ExitsTwoWithOneLine(string first, string second, string expected)
    {
        await using var aws = await AwsFakeServer.StartAsync("healthy");

        var result = await PreflightProcess.RunAsync(["scan", first, second], environment: Env(aws));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.StdErr, StringComparison.Ordinal);
        Assert.Single(result.StdErr.Trim().Split('\n'));
    }
}
