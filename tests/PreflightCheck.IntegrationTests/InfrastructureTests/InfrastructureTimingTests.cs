using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PreflightCheck.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace PreflightCheck.IntegrationTests.InfrastructureTests;

/// <summary>Measures what the fixtures cost so suites can budget for them; the numbers go to the test output, not into assertions.</summary>
[Trait("Category", "Benchmark")]
public sealed class InfrastructureTimingTests(PkiFixture pki, ITestOutputHelper output) : IClassFixture<PkiFixture>
{
    private const int Rounds = 3;

    [Fact]
    public async Task StartPushInspect_WhenRepeated_SameDigestEverywhereAndTimesReported()
    {
        using var layout = TestImages.WriteSingle(ImageSpec.Amd64);
        var starts = new List<double>();
        var portWaits = new List<double>();
        var pushes = new List<double>();
        var inspects = new List<double>();
        var digests = new HashSet<string>();

        for (var i = 0; i < Rounds; i++)
        {
            var sw = Stopwatch.StartNew();
            await using var registry = await RegistryServer.StartAsync(new RegistryOptions { Certificates = pki.Certificates });
            starts.Add(sw.Elapsed.TotalMilliseconds);
            portWaits.Add(registry.StartupTime.TotalMilliseconds);

            var pushed = await TestImages.PushAsync(layout, registry, "timing/model", "v1", PushFormat.DockerV2S2);
            pushes.Add(pushed.Elapsed.TotalMilliseconds);
            digests.Add(pushed.Digest);

            var (json, elapsed) = await TestImages.InspectAsync(registry, "timing/model", pushed.Digest);
            inspects.Add(elapsed.TotalMilliseconds);
            using var doc = JsonDocument.Parse(json);
            Assert.Equal("amd64", doc.RootElement.GetProperty("Architecture").GetString());
            Assert.Equal(pushed.Digest, doc.RootElement.GetProperty("Digest").GetString());
        }

        Assert.Single(digests);
        output.WriteLine($"registry start incl. leaf issue (ms): median {Median(starts)} [{Join(starts)}]");
        output.WriteLine($"registry process to open port (ms): median {Median(portWaits)} [{Join(portWaits)}]");
        output.WriteLine($"skopeo copy v2s2 push (ms): median {Median(pushes)} [{Join(pushes)}]");
        output.WriteLine($"skopeo inspect by digest (ms): median {Median(inspects)} [{Join(inspects)}]");
    }

    private static string Median(List<double> values) =>
        values.Order().ElementAt(values.Count / 2).ToString("0", CultureInfo.InvariantCulture);

    private static string Join(List<double> values) => string.Join(", ", values.Select(v => v.ToString("0", CultureInfo.InvariantCulture)));
}
