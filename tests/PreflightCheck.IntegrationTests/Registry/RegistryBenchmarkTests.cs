using System.Diagnostics;
using PreflightCheck.Collectors;
using PreflightCheck.Core.Collectors;
using PreflightCheck.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using static PreflightCheck.IntegrationTests.Registry.CollectorHarness;

namespace PreflightCheck.IntegrationTests.Registry;

/// <summary>
/// Not a timed test: measures a full registry + TLS check against a loopback docker-registry and `skopeo inspect` of the
/// same image, and writes the medians to the test output. It asserts only the request and connection budget.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class RegistryBenchmarkTests(PkiFixture pki, ITestOutputHelper output) : IClassFixture<PkiFixture>
{
    private const int Runs = 7;

    [Fact]
    public async Task FullCheck_AgainstLoopbackRegistry_StaysWithinRequestBudgetAndReportsTimes()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { Certificates = pki.Certificates, Auth = RegistryAuth.Basic });
        using var layout = TestImages.WriteSingle(ImageSpec.Amd64);
        var push = await TestImages.PushAsync(layout, registry, "team/model");
        var plan = Plan($"{registry.HostPort}/team/model@{push.Digest}");

        var ours = new List<double>();
        var counters = new List<CollectorCounters>();
        await CollectAsync(plan, Context([], pki.Certificates.RootPath, pki.Certificates.RootPath, new FlagRegistryCredentials(registry.Username, registry.Password)));
        for (var i = 0; i < Runs; i++)
        {
            var c = new CollectorCounters();
            var watch = Stopwatch.StartNew();
            await CollectAsync(plan, Context([], pki.Certificates.RootPath, pki.Certificates.RootPath, new FlagRegistryCredentials(registry.Username, registry.Password), counters: c));
            ours.Add(watch.Elapsed.TotalMilliseconds);
            counters.Add(c);
        }

        var skopeo = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var (_, elapsed) = await TestImages.InspectAsync(registry, "team/model", push.Digest);
            skopeo.Add(elapsed.TotalMilliseconds);
        }

        var requests = registry.Requests();
        output.WriteLine($"preflight registry+TLS check (in-process): median {Median(ours):0} ms over {Runs} runs; per run {counters[0].Connections} TCP connections, {counters[0].Requests} HTTP requests");
        output.WriteLine($"skopeo inspect (process): median {Median(skopeo):0} ms over {Runs} runs");
        output.WriteLine($"registry saw {requests.Count} requests in all");

        // /v2/, anonymous HEAD, manifest GET, config GET; one pooled registry connection plus one TLS handshake and two legacy probes.
        Assert.All(counters, c => Assert.Equal(4, c.Requests));
        Assert.All(counters, c => Assert.InRange(c.Connections, 4, 5));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
