using System.Diagnostics;
using PreflightCheck.Collectors;
using PreflightCheck.Core.Rules;
using PreflightCheck.IntegrationTests.AwsFake;
using Xunit.Abstractions;

namespace PreflightCheck.IntegrationTests.Aws;

/// <summary>
/// Not a timed test: with 50 ms added to every AWS call it prints the wall time of a full AWS collection, the calls per
/// operation and the longest chain of dependent calls, and asserts only the call counts.
/// Run: dotnet test --filter "Category=Benchmark" --logger "console;verbosity=detailed".
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class AwsCollectorBenchmark(ITestOutputHelper output)
{
    private const int LatencyMs = 50;

    // Dependent EC2 stages on the healthy scenario (page size 5): model subnets/groups/ENIs, VPC-scoped queries,
    // remaining groups + DHCP + DNS attributes, prefix lists, then two pages of the larger prefix list's entries.
    private const int CriticalPathCalls = 6;

    [Fact]
    public async Task Collect_WhenEveryCallTakes50ms_ReportsWallTimeAgainstTheCriticalPath()
    {
        await using var server = await AwsFakeServer.StartAsync(Scenario.Load("healthy"), LatencyMs);
        using var aws = AwsCollectorFakeTests.Connect(server);
        var plan = await new Inputs.SageMaker.SageMakerPlanReader(aws.SageMaker).ReadModelAsync("private-registry-model", CancellationToken.None);
        var options = new Collectors.Aws.AwsCollectionOptions(FactNeeds.Ec2 | FactNeeds.Iam | FactNeeds.Lambda | FactNeeds.LambdaInvoke | FactNeeds.Sts);
        var context = new CollectorContext { RegistryAddress = System.Net.IPAddress.Parse("127.20.0.7") };
        var snapshot = Core.Facts.FactsSnapshot.ForPlan(plan, DateTimeOffset.UnixEpoch);

        // A first run warms the JIT and the SDK clients' endpoint rules, which a CLI pays once per process.
        var cold = Stopwatch.StartNew();
        await aws.ForPlan(plan, options).Collector.CollectIntoAsync(snapshot, context, CancellationToken.None);
        cold.Stop();
        output.WriteLine($"cold run (JIT, SDK start-up): {cold.ElapsedMilliseconds} ms");

        var before = server.Calls.Count;
        var (collector, _) = aws.ForPlan(plan, options);
        var watch = Stopwatch.StartNew();
        var facts = await collector.CollectIntoAsync(snapshot, context, CancellationToken.None);
        watch.Stop();

        var calls = server.Calls.Skip(before).ToArray();
        output.WriteLine($"wall time: {watch.ElapsedMilliseconds} ms; critical path: {CriticalPathCalls} calls = {CriticalPathCalls * LatencyMs} ms; ratio {watch.ElapsedMilliseconds / (double)(CriticalPathCalls * LatencyMs):0.00}");
        output.WriteLine($"calls: {calls.Length}");
        foreach (var group in calls.GroupBy(c => c.Service + ":" + c.Operation).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {group.Key} {group.Count()}");
        }

        Assert.NotNull(facts.Aws);
        var repeated = calls.GroupBy(c => c.Service + c.Operation + string.Join("&", c.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal)))
            .Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        Assert.Empty(repeated);
    }
}
