using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PreflightCheck.Collectors;
using PreflightCheck.Collectors.Docker;
using PreflightCheck.Collectors.Registry;
using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.IntegrationTests.Infrastructure;
using PreflightCheck.Rules.Registry;
using Xunit.Abstractions;
using static PreflightCheck.IntegrationTests.Registry.CollectorHarness;

namespace PreflightCheck.IntegrationTests.DockerEngine;

/// <summary>--pull-test against Debian's podman serving the Docker Engine API, pulling from a loopback docker-registry.</summary>
public sealed class PullTestTests(PkiFixture pki, ITestOutputHelper output) : IClassFixture<PkiFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    private async Task<(RegistryServer Registry, string Image)> RegistryWithImageAsync()
    {
        var registry = await RegistryServer.StartAsync(new RegistryOptions { Certificates = pki.Certificates, Auth = RegistryAuth.Basic });
        try
        {
            using var layout = TestImages.WriteSingle(ImageSpec.Amd64);
            var pushed = await TestImages.PushAsync(layout, registry, "team/model", "v1", PushFormat.DockerV2S2);
            return (registry, $"{registry.HostPort}/team/model@{pushed.Digest}");
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }
    }

    private CollectorContext ContextFor(IRegistryCredentialSource credentials) =>
        Context([], pki.Certificates.RootPath, pki.Certificates.RootPath, credentials, TimeSpan.FromSeconds(10));

    private static async Task<FactsSnapshot> CollectAsync(FactsSnapshot plan, CollectorContext registryContext, CollectorContext pullContext, string endpoint)
    {
        using var cts = new CancellationTokenSource(Limit);
        var facts = await new RegistryCollector().CollectIntoAsync(plan, registryContext, cts.Token);
        return await new PullTestCollector(endpoint).CollectIntoAsync(facts, pullContext, cts.Token);
    }

    private static Finding ManifestFinding(FactsSnapshot facts) =>
        new ManifestExistsRule().Evaluate(new RuleContext(facts, RuleSettings.Default)).Single();

    [Fact]
    public async Task PullTest_WhenPodmanPullsWithTheSameCredentials_SucceedsAndReg005PassesWithDuration()
    {
        var (registry, image) = await RegistryWithImageAsync();
        await using var _ = registry;
        await using var podman = await PodmanService.StartAsync([registry.HostPort]);
        var credentials = new FlagRegistryCredentials(registry.Username, registry.Password);
        var context = ContextFor(credentials);

        var facts = await CollectAsync(Plan(image), context, context, podman.Endpoint);

        var pull = Assert.Single(facts.PullTests);
        Assert.True(pull.Status == CollectionStatus.Ok, $"{pull.Status}: {pull.Message}\n{podman.Log}");
        Assert.Equal(podman.Endpoint, pull.Endpoint);
        Assert.Equal(image, pull.Image);
        Assert.InRange(pull.DurationMs, 1, (long)Limit.TotalMilliseconds);
        var finding = ManifestFinding(facts);
        Assert.Equal(Outcome.Pass, finding.Outcome);
        Assert.Equal($"succeeded in {pull.DurationMs} ms", finding.Evidence!["pullTest"]);
        Assert.Contains(facts.Collectors, c => c.Name == CollectorNames.PullTest && c.Status == CollectionStatus.Ok);
        Assert.Contains(registry.Requests(), r => r.Method == "GET" && r.Uri.Contains("/blobs/", StringComparison.Ordinal) && r.Status == 200);
        output.WriteLine($"podman start {podman.StartupTime.TotalMilliseconds:0} ms, pull {pull.DurationMs} ms: {pull.Message}");
    }

    [Fact]
    public async Task PullTest_WhenDaemonRefusesThePullWhileTheManifestCheckPassed_Reg005FailsQuotingTheDaemon()
    {
        var (registry, image) = await RegistryWithImageAsync();
        await using var _ = registry;
        await using var podman = await PodmanService.StartAsync([registry.HostPort]);
        const string wrongPassword = "pull-test-wrong-password-5b1e";
        var registryContext = ContextFor(new FlagRegistryCredentials(registry.Username, registry.Password));
        var pullContext = ContextFor(new FlagRegistryCredentials(registry.Username, wrongPassword));

        var facts = await CollectAsync(Plan(image), registryContext, pullContext, podman.Endpoint);

        var pull = Assert.Single(facts.PullTests);
        Assert.True(pull.Status == CollectionStatus.Invalid, $"{pull.Status}: {pull.Message}");
        Assert.False(string.IsNullOrWhiteSpace(pull.Message));
        var finding = ManifestFinding(facts);
        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.EndsWith(" The Docker Engine pull test failed: " + pull.Message, finding.Message, StringComparison.Ordinal);
        Assert.Equal(pull.Message, finding.Evidence!["pullTest"]);
        var serialized = FactsJson.Serialize(facts) + finding.Message + string.Join('\n', finding.Evidence.Values);
        Assert.DoesNotContain(wrongPassword, serialized, StringComparison.Ordinal);
        Assert.DoesNotContain(registry.Password, serialized, StringComparison.Ordinal);
        output.WriteLine($"daemon said: {pull.Message}");
    }

    [Fact]
    public async Task PullTest_WhenDigestIsNotInTheRegistry_RecordsTheDaemonErrorVerbatim()
    {
        var (registry, image) = await RegistryWithImageAsync();
        await using var _ = registry;
        await using var podman = await PodmanService.StartAsync([registry.HostPort]);
        var missing = $"{registry.HostPort}/team/model@sha256:{new string('e', 64)}";
        var context = ContextFor(new FlagRegistryCredentials(registry.Username, registry.Password));

        var facts = await CollectAsync(Plan(missing), context, context, podman.Endpoint);

        var pull = Assert.Single(facts.PullTests);
        Assert.Equal(CollectionStatus.Invalid, pull.Status);
        Assert.Contains("manifest unknown", pull.Message, StringComparison.OrdinalIgnoreCase);
        var finding = ManifestFinding(facts);
        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Equal(pull.Message, finding.Evidence!["pullTest"]);
        Assert.DoesNotContain(registry.Password, FactsJson.Serialize(facts), StringComparison.Ordinal);
        Assert.NotEqual(image, missing);
    }

    [Fact]
    public async Task PullTest_WhenNoDaemonListensOnTheSocket_IsUnreachableAtOnce()
    {
        using var dir = new TempDirectory("nodaemon");
        var endpoint = "unix://" + dir.Combine("missing.sock");
        var context = Context([], credentials: new FlagRegistryCredentials("preflight", "never-sent-secret-1"), timeout: TimeSpan.FromSeconds(5));
        var plan = Plan($"127.0.0.1:5999/team/model@sha256:{new string('a', 64)}");
        var clock = Stopwatch.StartNew();

        var facts = await new PullTestCollector(endpoint).CollectIntoAsync(plan, context, CancellationToken.None);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        var pull = Assert.Single(facts.PullTests);
        Assert.Equal(CollectionStatus.Unreachable, pull.Status);
        Assert.Contains(endpoint, pull.Message, StringComparison.Ordinal);
        Assert.Contains(facts.Collectors, c => c.Name == CollectorNames.PullTest && c.Status == CollectionStatus.Unreachable);
        Assert.DoesNotContain("never-sent-secret-1", FactsJson.Serialize(facts), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PullTest_WhenDaemonAcceptsButNeverAnswers_TimesOutOnceWithinTheOperationTimeout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = new System.Collections.Concurrent.ConcurrentBag<Socket>();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    accepted.Add(await listener.AcceptSocketAsync());
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }
        });
        var endpoint = $"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        var context = Context([], credentials: new FlagRegistryCredentials("preflight", "never-sent-secret-2"), timeout: TimeSpan.FromSeconds(2));
        var single = Plan($"127.0.0.1:5999/team/model@sha256:{new string('a', 64)}");
        var model = single.Plan.Models[0];
        var plan = single with { Plan = single.Plan with { Models = [model with { Containers = [model.Containers[0], model.Containers[0] with { Name = "Second" }] }] } };
        var clock = Stopwatch.StartNew();

        var facts = await new PullTestCollector(endpoint).CollectIntoAsync(plan, context, CancellationToken.None);

        clock.Stop();
        listener.Stop();
        await accepting;
        foreach (var socket in accepted)
        {
            socket.Dispose();
        }

        // One timeout, not one per image: the second image reuses what the first learned about the daemon.
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(3.9));
        Assert.Equal(2, facts.PullTests.Count);
        Assert.All(facts.PullTests, pull =>
        {
            Assert.Equal(CollectionStatus.Timeout, pull.Status);
            Assert.Contains("no answer from the Docker Engine", pull.Message, StringComparison.Ordinal);
        });
        Assert.Equal(["Primary", "Second"], facts.PullTests.Select(p => p.Container));
        Assert.NotEmpty(accepted);
    }

    [Fact]
    public async Task PullTest_WhenDaemonEchoesThePassword_KeepsTheMessageWithThePasswordCutOut()
    {
        await using var engine = await EchoingEngine.StartAsync();
        const string password = "echoed-secret-7c41";
        var context = Context([], credentials: new FlagRegistryCredentials("preflight", password), timeout: TimeSpan.FromSeconds(5));
        var image = $"127.0.0.1:5999/team/model@sha256:{new string('a', 64)}";
        var facts = Plan(image);
        var registryFacts = await new RegistryCollector().CollectIntoAsync(facts, context, CancellationToken.None);

        var collected = await new PullTestCollector(engine.Endpoint).CollectIntoAsync(registryFacts, context, CancellationToken.None);

        Assert.Equal(("preflight", password), engine.LastAuth);
        var pull = Assert.Single(collected.PullTests);
        Assert.Equal(CollectionStatus.Invalid, pull.Status);
        Assert.Equal($"Get \"https://registry.example/v2/\": credentials preflight:*** rejected for {image}", pull.Message);
        var finding = ManifestFinding(collected);
        Assert.DoesNotContain(password, FactsJson.Serialize(collected) + finding.Message + string.Join('\n', finding.Evidence!.Values), StringComparison.Ordinal);
    }
}
