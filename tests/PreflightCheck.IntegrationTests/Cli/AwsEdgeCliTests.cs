using System.Text.Json;
using PreflightCheck.IntegrationTests.AwsFake;

namespace PreflightCheck.IntegrationTests.Cli;

/// <summary>
/// AWS edge cases through the CLI as a process against the loopback AWS fake (scenario aws-edges): the tool's own deadline
/// against a function's timeout, a least-privilege egress to the Lambda endpoint's interfaces, and 5xx answers.
/// </summary>
public sealed class AwsEdgeCliTests
{
    private const string RegistryAddress = "127.70.0.7";

    private static Dictionary<string, string?> Env(AwsFakeServer aws) => aws.ClientEnvironment().ToDictionary(kv => kv.Key, kv => (string?)kv.Value);

    private sealed record Result(string RuleId, string Outcome, string Message, string? Endpoint, string Model, string Target);

    private static async Task<IReadOnlyList<Result>> CheckAsync(AwsFakeServer aws, string model, params string[] extra)
    {
        var result = await PreflightProcess.RunAsync(
            ["check", "--model", model, "--registry-address", RegistryAddress, "--format", "json", .. extra], environment: Env(aws), timeout: TimeSpan.FromSeconds(90));
        Assert.True(result.ExitCode is 0 or 1 or 3, $"exit {result.ExitCode}: {result.StdErr}");
        return Results(result.StdOut);
    }

    private static IReadOnlyList<Result> Results(string json)
    {
        using var report = JsonDocument.Parse(json);
        return report.RootElement.GetProperty("results").EnumerateArray().Select(r => new Result(
            r.GetProperty("ruleId").GetString()!,
            r.GetProperty("outcome").GetString()!,
            r.GetProperty("message").GetString()!,
            r.TryGetProperty("endpoint", out var e) ? e.GetString() : null,
            r.GetProperty("model").GetString()!,
            r.GetProperty("target").GetString()!)).ToArray();
    }

    private static Result Single(IEnumerable<Result> results, string ruleId) => Assert.Single(results, r => r.RuleId == ruleId);

    [Fact]
    public async Task CheckModel_WhenTheFunctionOutlastsTheToolsTimeout_Lmb007IsUnknownAndPassesWithALongerOne()
    {
        await using var aws = await AwsFakeServer.StartAsync("aws-edges");

        var shortRun = await CheckAsync(aws, "slow-provider-model", "--rules", "LMB", "--timeout", "4");
        var longRun = await CheckAsync(aws, "slow-provider-model", "--rules", "LMB", "--timeout", "15");

        var unknown = Single(shortRun, "PFC-LMB-007");
        Assert.Equal("unknown", unknown.Outcome);
        Assert.Contains("--timeout above 20 s", unknown.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("did not finish in time", unknown.Message, StringComparison.Ordinal);
        Assert.Equal("pass", Single(longRun, "PFC-LMB-007").Outcome);
        Assert.Equal(2, aws.CallCount("lambda", "Invoke"));
    }

    [Fact]
    public async Task CheckModel_WhenTheLambdaApiHangs_Lmb007DoesNotBlameTheFunction()
    {
        var scenario = Scenario.Load("aws-edges");
        scenario.Faults.Add(new FaultSpec { Service = "lambda", Operation = "Invoke", Kind = "latency", LatencyMs = 10000 });
        await using var aws = await AwsFakeServer.StartAsync(scenario);

        var results = await CheckAsync(aws, "least-privilege-model", "--rules", "LMB", "--timeout", "4");

        var lmb007 = Single(results, "PFC-LMB-007");
        Assert.Equal("unknown", lmb007.Outcome);
        Assert.Contains("before this tool's own deadline", lmb007.Message, StringComparison.Ordinal);
        Assert.Equal("unknown", Single(results, "PFC-LMB-010").Outcome);
    }

    [Fact]
    public async Task CheckModel_WhenTheFunctionHitsItsOwnTimeout_Lmb007Fails()
    {
        await using var aws = await AwsFakeServer.StartAsync("aws-edges");

        var results = await CheckAsync(aws, "timed-out-provider-model", "--rules", "LMB");

        var lmb007 = Single(results, "PFC-LMB-007");
        Assert.Equal("fail", lmb007.Outcome);
        Assert.Contains("ran out of its own timeout of 1 s", lmb007.Message, StringComparison.Ordinal);
        Assert.Contains("Unhandled", lmb007.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckModel_WhenEgressAllowsOnlyTheEndpointsInterfaces_Net006PassesAndLmb003NamesTheZoneWithoutOne()
    {
        await using var aws = await AwsFakeServer.StartAsync("aws-edges");

        var results = await CheckAsync(aws, "least-privilege-model", "--skip-rules", "REG", "--skip-rules", "TLS");

        var net006 = Single(results, "PFC-NET-006");
        Assert.True(net006.Outcome == "pass", net006.Message);
        var lmb003 = Single(results, "PFC-LMB-003");
        Assert.True(lmb003.Outcome == "pass", lmb003.Message);
        Assert.Contains("subnet-0123456789abcdef3 (us-east-1c)", lmb003.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("subnet-0123456789abcdef1", lmb003.Message, StringComparison.Ordinal);
        // One lookup of the registry's address and one of the endpoint's interfaces, by id.
        Assert.Equal(2, aws.CallCount("ec2", "DescribeNetworkInterfaces"));
    }

    [Fact]
    public async Task CheckModel_WhenEgressMissesOneEndpointInterface_Net006FailsNamingIt()
    {
        await using var aws = await AwsFakeServer.StartAsync("aws-edges");

        var results = await CheckAsync(aws, "one-endpoint-address-model", "--rules", "PFC-NET-006");

        var net006 = Single(results, "PFC-NET-006");
        Assert.Equal("fail", net006.Outcome);
        Assert.Contains("vpce-0123456789abcdef0", net006.Message, StringComparison.Ordinal);
        Assert.Contains("127.70.12.5", net006.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckModel_WhenServicesAnswer500_SaysTheServiceAnsweredOnceAndNotUnreachable()
    {
        var scenario = Scenario.Load("aws-edges");
        scenario.Faults.Add(new FaultSpec { Service = "lambda", Operation = "GetFunction", Kind = "serverError" });
        scenario.Faults.Add(new FaultSpec { Service = "ec2", Operation = "DescribeRouteTables", Kind = "serverError" });
        await using var aws = await AwsFakeServer.StartAsync(scenario);

        var results = await CheckAsync(aws, "least-privilege-model", "--rules", "PFC-LMB-006", "--rules", "PFC-NET-008");

        foreach (var id in new[] { "PFC-LMB-006", "PFC-NET-008" })
        {
            var result = results.First(r => r.RuleId == id);
            Assert.Equal("unknown", result.Outcome);
            Assert.Contains("the service answered 500", result.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Unreachable", result.Message, StringComparison.Ordinal);
            Assert.Equal(1, result.Message.Split("500").Length - 1);
        }
    }

    [Fact]
    public async Task ScanEndpoints_WhenAModelServesTwoEndpoints_EachResultNamesItsEndpointAndNoneRepeats()
    {
        var scenario = Scenario.Load("healthy");
        scenario.Endpoints.Add(new EndpointSpec { Name = "canary-endpoint", Config = "private-registry-config" });
        await using var aws = await AwsFakeServer.StartAsync(scenario);

        var run = await PreflightProcess.RunAsync(
            ["scan", "--endpoints", "--registry-address", "127.20.0.7", "--format", "json"], environment: Env(aws), timeout: TimeSpan.FromSeconds(90));

        Assert.True(run.ExitCode is 0 or 1, run.StdErr);
        var results = Results(run.StdOut);
        Assert.All(results, r => Assert.False(r.Endpoint is null, $"{r.RuleId} {r.Model} {r.Target} names no endpoint"));
        var repeated = results.GroupBy(r => (r.RuleId, r.Model, r.Endpoint, r.Target)).Where(g => g.Count() > 1).Select(g => g.Key.ToString()).ToArray();
        Assert.True(repeated.Length == 0, string.Join("\n", repeated));
        var shared = results.Where(r => r.Model == "private-registry-model").ToArray();
        Assert.Equal(["canary-endpoint", "private-registry-endpoint"], shared.Select(r => r.Endpoint!).Distinct().Order(StringComparer.Ordinal));
        foreach (var rule in shared.Select(r => r.RuleId).Distinct())
        {
            var perEndpoint = shared.Where(r => r.RuleId == rule).GroupBy(r => r.Endpoint).Select(g => g.Count()).ToArray();
            Assert.True(perEndpoint.Length == 2 || rule.StartsWith("PFC-TLS", StringComparison.Ordinal), $"{rule}: results for {perEndpoint.Length} endpoint(s)");
        }
    }
}
