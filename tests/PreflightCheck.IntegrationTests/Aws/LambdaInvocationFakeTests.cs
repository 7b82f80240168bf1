using PreflightCheck.Collectors.Aws;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.IntegrationTests.AwsFake;

namespace PreflightCheck.IntegrationTests.Aws;

/// <summary>The credentials provider's bad answers, through the signed Lambda adapter and the fake's invoke modes.</summary>
public sealed class LambdaInvocationFakeTests
{
    private static string Arn(string name) => $"arn:aws:lambda:us-east-1:210987654321:function:{name}";

    private static DeploymentPlan Plan(params string[] functions) => new("test", "us-east-1",
    [
        new ModelPlan("m", null, null,
            functions.Select(f => new ContainerPlan(f, null, null, null, new Located<string>(Arn(f), null), null)).ToArray(),
            null, false, []),
    ]);

    private static async Task<(LambdaInvocationFacts Facts, bool GotCredential)> InvokeAsync(AwsFakeServer server, string function, TimeSpan? timeout = null)
    {
        using var aws = AwsCollectorFakeTests.Connect(server);
        var source = new LambdaCredentialSource(aws.Lambda, Plan(function), invoke: true, timeout);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var credential = await source.GetAsync("m", function, cts.Token);
        return ((await source.InvocationFactsAsync(cts.Token)).Single(), credential is not null);
    }

    [Fact]
    public async Task Invoke_WhenTheAnswerIs6MB_RecordsTooLargeWithoutReadingIt()
    {
        await using var server = await AwsFakeServer.StartAsync("faults");
        var before = GC.GetTotalAllocatedBytes(precise: false);

        var (facts, got) = await InvokeAsync(server, "huge-provider");

        Assert.False(got);
        Assert.True(facts.TooLarge);
        Assert.Equal(CollectionStatus.Invalid, facts.Status.Status);
        Assert.Null(facts.Shape);
        Assert.True(GC.GetTotalAllocatedBytes(precise: false) - before < 6 * 1024 * 1024, "the 6 MB answer was buffered");
    }

    [Fact]
    public async Task Invoke_WhenTheFunctionRaises_KeepsTheErrorTypeButNotItsMessage()
    {
        await using var server = await AwsFakeServer.StartAsync("faults");

        var (facts, got) = await InvokeAsync(server, "failing-provider");

        Assert.False(got);
        Assert.Equal(("Unhandled", "Exception"), (facts.FunctionError, facts.ErrorType));
        var json = FactsJson.Serialize(FactsSnapshot.ForPlan(Plan("failing-provider"), DateTimeOffset.UnixEpoch) with { Aws = new AwsFacts("us-east-1") { Invocations = [facts] } });
        Assert.DoesNotContain("KeyError", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_WhenTheFunctionTimesOut_RecordsTheFunctionError()
    {
        await using var server = await AwsFakeServer.StartAsync("faults");

        var (facts, got) = await InvokeAsync(server, "slow-provider");

        Assert.False(got);
        Assert.Equal("Unhandled", facts.FunctionError);
    }

    [Fact]
    public async Task Invoke_WhenTheAnswerIsLaterThanTheTimeout_RecordsTimeoutInsteadOfHanging()
    {
        await using var server = await AwsFakeServer.StartAsync("faults");

        var (facts, got) = await InvokeAsync(server, "delayed-provider", TimeSpan.FromMilliseconds(100));

        Assert.False(got);
        Assert.Equal(CollectionStatus.Timeout, facts.Status.Status);
        Assert.Equal("lambda:InvokeFunction", facts.Status.Action);
    }

    [Fact]
    public async Task Invoke_WhenTheAnswerArrivesInTime_MeasuresLatencyAndHandsOverTheCredential()
    {
        await using var server = await AwsFakeServer.StartAsync("faults");

        var (facts, got) = await InvokeAsync(server, "delayed-provider");

        Assert.True(got);
        // The fake waits 300 ms; timer granularity can make the two clocks disagree by a few milliseconds.
        Assert.True(facts.LatencyMs >= 280, $"latency {facts.LatencyMs} ms");
        Assert.True(facts.Shape!.PasswordIsNonEmptyString);
    }
}
