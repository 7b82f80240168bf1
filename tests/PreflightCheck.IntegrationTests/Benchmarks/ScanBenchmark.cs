using System.Diagnostics;
using System.Net;
using System.Text.Json;
using PreflightCheck.IntegrationTests.AwsFake;
using PreflightCheck.IntegrationTests.Cli;
using PreflightCheck.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace PreflightCheck.IntegrationTests.Benchmarks;

/// <summary>
/// <c>preflight scan</c> as a process over an account of 1,000 models in 20 VPCs using 5 real registries (Debian's
/// docker-registry, Basic auth, private CA), with 50 ms added to every AWS call. Prints wall time, peak resident memory
/// and AWS calls per operation; asserts what must not regress: every model checked, and AWS calls that grow with
/// distinct resources, not with models (100 models and 1,000 models over the same resources cost the same calls).
/// Runs in CI for its count and outcome assertions (category Scale, no time is asserted); for the timings:
/// tests/benchmarks/run.sh, or dotnet test --filter "Category=Scale" --logger "console;verbosity=detailed".
/// </summary>
[Trait("Category", "Scale")]
public sealed class ScanBenchmark(PkiFixture pki, ITestOutputHelper output) : IClassFixture<PkiFixture>, IDisposable
{
    private const int Vpcs = 20;
    private const int Registries = 5;
    private const int Models = 1000;
    private const int ModelsPerEndpoint = 4;
    private const int LatencyMs = 50;

    private readonly string _dir = Directory.CreateTempSubdirectory("preflight-scan-bench-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Scan_WhenAThousandModelsShareTwentyVpcsAndFiveRegistries_CallsGrowWithResourcesNotModels()
    {
        var registries = new List<RegistryServer>();
        try
        {
            var world = new List<WorldRegistry>();
            using var layout = TestImages.WriteSingle(ImageSpec.Amd64);
            for (var r = 0; r < Registries; r++)
            {
                var registry = await RegistryServer.StartAsync(new RegistryOptions
                {
                    Certificates = pki.Certificates, Tls = RegistryTls.FullChain, Auth = RegistryAuth.Basic,
                    Address = IPAddress.Parse($"127.{100 + r}.0.7"), Password = $"bench-registry-password-{r}-{Guid.NewGuid():N}",
                });
                registries.Add(registry);
                var images = new List<(string, string)>();
                foreach (var repository in new[] { "models/classifier", "models/ranker" })
                {
                    images.Add((repository, (await TestImages.PushAsync(layout, registry, repository, "1.0", PushFormat.DockerV2S2)).Digest));
                }

                world.Add(new WorldRegistry(registry.Address.ToString(), registry.Port, registry.Password, images));
            }

            await using var aws = await AwsFakeServer.StartAsync(ScanWorld.Build(world, Vpcs, Models, ModelsPerEndpoint), LatencyMs);

            var tenth = await ScanAsync(aws, "models whose name contains model-00", "--name-contains", "model-00");
            var facts = Path.Combine(_dir, "all.facts.json");
            var all = await ScanAsync(aws, "every model", "--all-models", "--save-facts", facts);
            await ReplayAsync(facts);
            var endpoints = await ScanAsync(aws, "every endpoint", "--endpoints");

            Assert.Equal(Models / 10, tenth.Plans);
            Assert.Equal(Models, all.Plans);
            Assert.Equal(Models, endpoints.Plans);
            Assert.Equal(Models, all.Calls["sagemaker:DescribeModel"]);
            Assert.Equal(Models / 100, all.Calls["sagemaker:ListModels"]);
            Assert.Equal(Models / ModelsPerEndpoint, endpoints.Calls["sagemaker:DescribeEndpoint"]);
            Assert.Equal(Models / ModelsPerEndpoint, endpoints.Calls["sagemaker:DescribeEndpointConfig"]);
            Assert.Equal(Models, endpoints.Calls["sagemaker:DescribeModel"]);

            // The deployer's CreateModel simulation names each model ARN, a hundred per call; everything else is shared.
            static Dictionary<string, int> Shared(Scan s) => s.Calls
                .Where(c => !c.Key.StartsWith("sagemaker:", StringComparison.Ordinal) && c.Key != "iam:SimulatePrincipalPolicy").ToDictionary();
            Assert.Equal(Shared(tenth), Shared(all));
            Assert.Equal(Shared(all), Shared(endpoints));
            Assert.Equal(tenth.Calls["iam:SimulatePrincipalPolicy"] + ((Models - (Models / 10)) / 100), all.Calls["iam:SimulatePrincipalPolicy"]);
            Assert.Equal(Registries, all.Calls["lambda:Invoke"]);

            // The world is healthy where it was built to be: a failure here means a rule misreads a shared resource.
            Assert.DoesNotContain(all.Failures, f => f.StartsWith("PFC-NET", StringComparison.Ordinal) || f.StartsWith("PFC-LMB", StringComparison.Ordinal)
                || f.StartsWith("PFC-IAM", StringComparison.Ordinal) || f.StartsWith("PFC-REG", StringComparison.Ordinal));
            foreach (var r in registries)
            {
                Assert.DoesNotContain(r.Password, all.Output, StringComparison.Ordinal);
            }
        }
        finally
        {
            foreach (var r in registries)
            {
                await r.DisposeAsync();
            }
        }
    }

    private async Task<Scan> ScanAsync(AwsFakeServer aws, string what, params string[] selection)
    {
        aws.Calls.Clear();
        var report = Path.Combine(_dir, $"scan-{Guid.NewGuid():N}.json");
        var clock = Stopwatch.StartNew();
        var (result, peak) = await PreflightProcess.RunMeasuredAsync(
            ["scan", .. selection, "--registry-ca", pki.Certificates.RootPath, "--format", "json", "--output", report],
            aws.ClientEnvironment().ToDictionary(kv => kv.Key, kv => (string?)kv.Value), TimeSpan.FromMinutes(5));
        clock.Stop();
        Assert.True(result.ExitCode is 0 or 1 or 3, result.StdErr); // a finished run: the verdict is not what is measured

        var json = await File.ReadAllTextAsync(report);
        using var document = JsonDocument.Parse(json);
        var plans = document.RootElement.GetProperty("plans").GetArrayLength();
        var results = document.RootElement.GetProperty("results").EnumerateArray().ToArray();
        var failures = results.Where(r => r.GetProperty("outcome").GetString() == "fail")
            .Select(r => $"{r.GetProperty("ruleId").GetString()} {r.GetProperty("target").GetString()}").ToArray();
        var calls = aws.CallsPerOperation().ToDictionary();
        output.WriteLine($"{what}: {plans} models, {results.Length} results, wall {clock.ElapsedMilliseconds} ms, peak RSS {peak / (1024 * 1024)} MiB, " +
            $"report {json.Length / 1024} KiB, {calls.Values.Sum()} AWS calls");
        output.WriteLine("  calls: " + string.Join(", ", calls.Select(c => $"{c.Key}={c.Value}")));
        var started = DateTimeOffset.UtcNow - clock.Elapsed;
        output.WriteLine("  timeline (ms after start, first-last call): " + string.Join(", ", aws.Calls.GroupBy(c => c.Operation).OrderBy(g => g.Min(c => c.At))
            .Select(g => $"{g.Key} {(g.Min(c => c.At) - started).TotalMilliseconds:F0}-{(g.Max(c => c.At) - started).TotalMilliseconds:F0}")));
        output.WriteLine("  failed rules: " + string.Join(", ", failures.GroupBy(f => f.Split(' ')[0]).Select(g => $"{g.Key} x{g.Count()}")));
        foreach (var first in results.Where(r => r.GetProperty("outcome").GetString() == "fail").DistinctBy(r => r.GetProperty("ruleId").GetString()))
        {
            output.WriteLine($"  e.g. {first.GetProperty("ruleId").GetString()} {first.GetProperty("target").GetString()}: {first.GetProperty("message").GetString()}");
        }

        return new Scan(plans, calls, failures, json + result.StdErr);
    }

    /// <summary>The rules and the report alone: the saved facts of the 1,000-model scan, judged again offline.</summary>
    private async Task ReplayAsync(string facts)
    {
        foreach (var format in new[] { "json", "sarif" })
        {
            var clock = Stopwatch.StartNew();
            var report = Path.Combine(_dir, "replay." + format);
            var (result, peak) = await PreflightProcess.RunMeasuredAsync(
                ["check", "--facts", facts, "--format", format, "--output", report], timeout: TimeSpan.FromMinutes(5));
            clock.Stop();
            Assert.True(result.ExitCode is 0 or 1 or 3, result.StdErr); // a finished run: the verdict is not what is measured
            output.WriteLine($"replay of the saved facts as {format} (rules and report only): wall {clock.ElapsedMilliseconds} ms, peak RSS {peak / (1024 * 1024)} MiB, " +
                $"facts {new FileInfo(facts).Length / 1024} KiB, report {new FileInfo(report).Length / 1024} KiB");
        }
    }

    private sealed record Scan(int Plans, Dictionary<string, int> Calls, string[] Failures, string Output);
}
