using System.Diagnostics;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using PreflightCheck.Collectors;
using PreflightCheck.Collectors.Docker;
using PreflightCheck.Collectors.Registry;
using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;
using PreflightCheck.IntegrationTests.Cli;
using PreflightCheck.IntegrationTests.Infrastructure;
using PreflightCheck.Rules.Registry;
using Xunit.Abstractions;
using static PreflightCheck.IntegrationTests.Registry.CollectorHarness;

namespace PreflightCheck.IntegrationTests.DockerEngine;

/// <summary>--run-test against Debian's podman (runc) with FROM-scratch busybox images pulled from a loopback docker-registry.</summary>
[Collection("podman-run")]
public sealed class RunTestTests(RunTestWorld world, ITestOutputHelper output) : IClassFixture<RunTestWorld>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    private FactsSnapshot PlanFor(string name, string instanceType = "ml.m5.large", int? startupTimeout = null, Dictionary<string, string>? environment = null)
    {
        var plan = Plan(world.Images[name], true, instanceType);
        var model = plan.Plan.Models[0];
        model = model with
        {
            Containers = [model.Containers[0] with { Environment = environment ?? new Dictionary<string, string>() }],
            Variants = [model.Variants[0] with { ContainerStartupHealthCheckTimeoutInSeconds = startupTimeout }],
        };
        return plan with { Plan = plan.Plan with { Models = [model] } };
    }

    private CollectorContext ContextFor() =>
        Context([], null, null, new FlagRegistryCredentials(world.Registry.Username, world.Registry.Password), TimeSpan.FromSeconds(10));

    private async Task<RunTestFacts> RunAsync(FactsSnapshot plan, RunTestOptions options, CancellationToken? ct = null)
    {
        using var cts = new CancellationTokenSource(Limit);
        var clock = Stopwatch.StartNew();
        var facts = await new RunTestCollector(options with { Endpoint = world.Podman.Endpoint }).CollectIntoAsync(plan, ContextFor(), ct ?? cts.Token);
        var test = Assert.Single(facts.RunTests);
        output.WriteLine($"{test.Image}: {clock.ElapsedMilliseconds} ms; status {test.Status} {test.Message}; ping {test.PingReadyMs} ms ({test.PingLast}); peak {test.PeakMemoryBytes} B of {test.MemoryLimitBytes} ({test.MemoryLimitSource}); oom {test.OomKilled}; exit {test.ExitCode}; invocation {test.Invocation}; log [{string.Join(" | ", test.LogTail)}]");
        Assert.True(test.Status == CollectionStatus.Ok, $"{test.Status}: {test.Message}\n{world.Podman.Log}");
        await AssertNoTestContainersAsync();
        return test;
    }

    private async Task AssertNoTestContainersAsync()
    {
        using var config = new DockerClientConfiguration(new Uri(world.Podman.Endpoint));
        using var client = config.CreateClient();
        var left = await client.Containers.ListContainersAsync(new ContainersListParameters { All = true });
        Assert.Empty(left);
    }

    private static Finding Judge(Rule rule, RunTestFacts test, FactsSnapshot plan) =>
        Assert.Single(rule.Evaluate(new RuleContext(plan with
        {
            RunTests = [test],
            Collectors = [new CollectorRun(CollectorNames.RunTest, CollectionStatus.Ok)],
        }, RuleSettings.Default)));

    [Fact]
    public async Task RunTest_WhenImageServesOn8080_PingPassesInvocationAnswers200WithTheEnvironmentAndMemoryFits()
    {
        using var sample = new TempDirectory("sample");
        var file = sample.Combine("sample.json");
        await File.WriteAllTextAsync(file, """{"instances":[[1.0,2.0,3.0]]}""");
        var plan = PlanFor("healthy", environment: new Dictionary<string, string> { ["MODEL_NAME"] = "churn-xgb" });

        var test = await RunAsync(plan, new RunTestOptions { SampleFile = file, Sample = File.ReadAllBytes(file) });

        Assert.NotNull(test.PingReadyMs);
        Assert.Equal(8L * 1024 * 1024 * 1024, test.MemoryLimitBytes);
        Assert.Equal("ml.m5.large", test.MemoryLimitSource);
        Assert.Equal(480, test.PingTimeoutSeconds);
        Assert.NotNull(test.Invocation);
        Assert.Equal(200, test.Invocation.StatusCode);
        Assert.Equal("""{"model":"churn-xgb","bytes":30}""".Length, test.Invocation.ResponseBytes);
        Assert.True(test.Removed);
        Assert.Equal(Outcome.Pass, Judge(new ContainerAnswersPingRule(), test, plan).Outcome);
        Assert.Equal(Outcome.Pass, Judge(new InvocationsAnswerRule(), test, plan).Outcome);
        Assert.Equal(Outcome.Pass, Judge(new MemoryFitsInstanceRule(), test, plan).Outcome);
    }

    [Fact]
    public async Task RunTest_WhenServeExits1_PingFailsWithExitCodeAndTheLogLine()
    {
        var plan = PlanFor("exits");

        var test = await RunAsync(plan, new RunTestOptions { Timeout = TimeSpan.FromSeconds(20) });

        Assert.Equal(1, test.ExitCode);
        Assert.Contains(test.LogTail, l => l.Contains("model.pt not found", StringComparison.Ordinal));
        var finding = Judge(new ContainerAnswersPingRule(), test, plan);
        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("exited with code 1", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunTest_WhenServerListensOnAnotherPort_PingFailsAfterTheRunTimeout()
    {
        var plan = PlanFor("wrongport");

        var test = await RunAsync(plan, new RunTestOptions { Timeout = TimeSpan.FromSeconds(3) });

        Assert.Null(test.PingReadyMs);
        Assert.Null(test.ExitCode);
        Assert.Contains("listening on 5000", test.LogTail);
        var finding = Judge(new ContainerAnswersPingRule(), test, plan);
        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains("within 3 s", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunTest_WhenPingComesLaterThanTheVariantsStartupTimeout_FailsAndRemovesTheContainer()
    {
        // The variant allows 60 s (the API minimum); --run-timeout caps it at 3 s, shorter than the image's 30 s start.
        var plan = PlanFor("slow", startupTimeout: 60);

        var test = await RunAsync(plan, new RunTestOptions { Timeout = TimeSpan.FromSeconds(3) });

        Assert.Null(test.PingReadyMs);
        Assert.Equal(3, test.PingTimeoutSeconds);
        Assert.Contains("60 s", test.PingTimeoutSource, StringComparison.Ordinal);
        Assert.Equal(Outcome.Fail, Judge(new ContainerAnswersPingRule(), test, plan).Outcome);
    }

    [Fact]
    public async Task RunTest_WhenContainerNeedsMoreThanTheMemoryLimit_MemoryRuleFails()
    {
        var plan = PlanFor("hungry");

        var test = await RunAsync(plan, new RunTestOptions { Timeout = TimeSpan.FromSeconds(15), MemoryMiB = 16 });

        Assert.Equal(16L * 1024 * 1024, test.MemoryLimitBytes);
        Assert.Equal("--run-memory", test.MemoryLimitSource);
        Assert.Equal(137, test.ExitCode);
        var finding = Judge(new MemoryFitsInstanceRule(), test, plan);
        Assert.True(finding.Outcome == Outcome.Fail, finding.Message);
        Assert.Equal(Outcome.Fail, Judge(new ContainerAnswersPingRule(), test, plan).Outcome);
    }

    [Fact]
    public async Task RunTest_WhenCancelledWhileWaitingForPing_RemovesTheContainerAndThrows()
    {
        var plan = PlanFor("slow");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(4));
        var collector = new RunTestCollector(new RunTestOptions { Endpoint = world.Podman.Endpoint });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => collector.CollectIntoAsync(plan, ContextFor(), cts.Token));

        await AssertNoTestContainersAsync();
    }

    [Fact]
    public async Task RunTest_WhenNoEngineListens_RulesAreUnknownSayingSo()
    {
        using var dir = new TempDirectory("noengine");
        var plan = PlanFor("healthy");
        var collector = new RunTestCollector(new RunTestOptions { Endpoint = "unix://" + dir.Combine("docker.sock") });

        var facts = await collector.CollectIntoAsync(plan, ContextFor(), CancellationToken.None);

        var test = Assert.Single(facts.RunTests);
        Assert.Equal(CollectionStatus.Unreachable, test.Status);
        var finding = Assert.Single(new ContainerAnswersPingRule().Evaluate(new RuleContext(facts, RuleSettings.Default)));
        Assert.Equal(Outcome.Unknown, finding.Outcome);
        Assert.Contains("cannot reach the Docker Engine", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WithRunTestAndASample_ReportsPingInvocationAndMemoryPassingAndLeavesNoContainer()
    {
        using var dir = new TempDirectory("run-cli");
        var request = dir.Combine("request.json");
        File.WriteAllText(request, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["ModelName"] = "churn-model",
            ["ExecutionRoleArn"] = "arn:aws:iam::123456789012:role/SageMakerExecutionRole",
            ["PrimaryContainer"] = new Dictionary<string, object>
            {
                ["Image"] = world.Images["healthy"],
                ["Environment"] = new Dictionary<string, string> { ["MODEL_NAME"] = "churn-xgb" },
                ["ImageConfig"] = new Dictionary<string, object>
                {
                    ["RepositoryAccessMode"] = "Vpc",
                    ["RepositoryAuthConfig"] = new Dictionary<string, object> { ["RepositoryCredentialsProviderArn"] = "arn:aws:lambda:us-east-1:123456789012:function:registry-creds" },
                },
            },
            ["VpcConfig"] = new Dictionary<string, object> { ["SecurityGroupIds"] = new[] { "sg-0a1b2c3d4e5f67890" }, ["Subnets"] = new[] { "subnet-0123456789abcdef0" } },
        }));
        var endpointConfig = dir.Combine("endpoint-config.json");
        File.WriteAllText(endpointConfig, """
            {"EndpointConfigName":"churn-config","ProductionVariants":[{"VariantName":"AllTraffic","ModelName":"churn-model","InstanceType":"ml.m5.large","InitialInstanceCount":1,"VolumeSizeInGB":4,"ContainerStartupHealthCheckTimeoutInSeconds":120}]}
            """);
        var sample = dir.Combine("sample.json");
        File.WriteAllText(sample, """{"instances":[[1.0,2.0,3.0]]}""");
        var report = dir.Combine("report.json");

        var run = await PreflightProcess.RunAsync(
            ["check", "--request", request, "--endpoint-config", endpointConfig, "--region", "us-east-1", "--rules", "REG",
             "--registry-ca", world.Registry.RootCaPath!, "--registry-username", world.Registry.Username, "--registry-password-stdin",
             "--run-test", "--run-timeout", "30", "--invoke-sample", sample, "--format", "json", "--output", report],
            stdin: world.Registry.Password + "\n",
            environment: new Dictionary<string, string?> { ["DOCKER_HOST"] = world.Podman.Endpoint },
            timeout: TimeSpan.FromSeconds(90));

        using var document = JsonDocument.Parse(File.ReadAllText(report));
        var outcomes = document.RootElement.GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("ruleId").GetString()!, r => r.GetProperty("outcome").GetString());
        Assert.True(outcomes["PFC-REG-011"] == "pass", File.ReadAllText(report) + run.StdErr);
        Assert.Equal("pass", outcomes["PFC-REG-012"]);
        Assert.Equal("pass", outcomes["PFC-REG-013"]);
        Assert.Equal("pass", outcomes["PFC-REG-014"]);
        Assert.DoesNotContain(world.Registry.Password, File.ReadAllText(report) + run.StdOut + run.StdErr, StringComparison.Ordinal);
        await AssertNoTestContainersAsync();
    }
}
