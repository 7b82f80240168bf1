using System.Net;
using PreflightCheck.Collectors;
using PreflightCheck.Collectors.Registry;
using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.IntegrationTests.Infrastructure;
using static PreflightCheck.IntegrationTests.Registry.CollectorHarness;

namespace PreflightCheck.IntegrationTests.Registry;

/// <summary>
/// A real docker-registry (and token server) behind a relay that resets the first connection: an idempotent GET is sent
/// once more, so one reset does not turn the registry checks into unknowns; a reset on every connection still does.
/// </summary>
public sealed class ConnectionResetTests(PkiFixture pki) : IClassFixture<PkiFixture>
{
    private string Root => pki.Certificates.RootPath;

    private static async Task<string> PushAsync(RegistryServer registry)
    {
        using var layout = TestImages.WriteSingle(ImageSpec.Amd64, "v1");
        return (await TestImages.PushAsync(layout, registry, "team/model", "v1", PushFormat.DockerV2S2)).Digest;
    }

    [Fact]
    public async Task Registry_WhenTheFirstConnectionIsReset_RetriesTheGetAndEveryRegistryRulePasses()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { Certificates = pki.Certificates, Auth = RegistryAuth.Basic });
        var digest = await PushAsync(registry);
        await using var proxy = ResetOnceProxy.Start(registry.EndPoint);

        var facts = await CollectAsync(Plan($"{proxy.HostPort}/team/model@{digest}"),
            Context([], Root, Root, new FlagRegistryCredentials(registry.Username, registry.Password)));

        Assert.Equal(1, proxy.Reset);
        Assert.Equal(CollectionStatus.Ok, facts.Registries.Single().Api.Status);
        var outcomes = Judge(facts);
        Assert.Equal(Outcome.Pass, outcomes["PFC-REG-002"].Outcome);
        Assert.Equal(Outcome.Pass, outcomes["PFC-REG-004"].Outcome);
        Assert.Equal(Outcome.Pass, outcomes["PFC-REG-005"].Outcome);
        Assert.DoesNotContain(outcomes, o => o.Key.StartsWith("PFC-REG", StringComparison.Ordinal) && o.Value.Outcome == Outcome.Unknown);
    }

    [Fact]
    public async Task Registry_WhenEveryConnectionIsReset_IsUnknownAfterOneRetry()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { Certificates = pki.Certificates, Auth = RegistryAuth.Basic });
        await using var proxy = ResetOnceProxy.Start(registry.EndPoint, resets: int.MaxValue);

        var facts = await new RegistryCollector().CollectIntoAsync(Plan($"{proxy.HostPort}/team/model:v1"),
            Context([], Root, Root, new FlagRegistryCredentials(registry.Username, registry.Password)), CancellationToken.None);

        var api = facts.Registries.Single().Api;
        Assert.NotEqual(CollectionStatus.Ok, api.Status);
        var outcomes = Judge(facts);
        Assert.Equal(Outcome.Unknown, outcomes["PFC-REG-004"].Outcome);
        Assert.Equal(2, proxy.Accepted);
    }

    [Fact]
    public async Task TokenService_WhenTheFirstConnectionIsReset_RetriesTheTokenGetAndCredentialsPass()
    {
        await using var tokens = await TokenServer.StartAsync(new TokenServerOptions { Certificates = pki.Certificates });
        var tokenEndpoint = new IPEndPoint(IPAddress.Parse(tokens.Realm.Host), tokens.Realm.Port);
        await using var proxy = ResetOnceProxy.Start(tokenEndpoint, resets: 0);
        tokens.Realm = new Uri($"https://{proxy.HostPort}/token");
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { Certificates = pki.Certificates, Auth = RegistryAuth.Token, TokenServer = tokens });
        var digest = await PushAsync(registry);
        var issuedBefore = tokens.RequestCount;
        var acceptedBefore = proxy.Accepted;
        proxy.ResetNext(1);

        var facts = await new RegistryCollector().CollectIntoAsync(Plan($"{registry.HostPort}/team/model@{digest}"),
            Context([], Root, Root, new FlagRegistryCredentials(tokens.Username, tokens.Password)), CancellationToken.None);

        var image = facts.Registries.Single().Images.Single();
        Assert.Equal(1, proxy.Reset);
        Assert.True(proxy.Accepted - acceptedBefore >= 2, $"{proxy.Accepted - acceptedBefore} connections to the token service");
        Assert.True(tokens.RequestCount > issuedBefore);
        Assert.Equal(PullAccess.Granted, image.Auth.Access);
        Assert.True(image.Auth.TokenRealm?.CredentialsSent, "the credentials reached the token service");
        Assert.DoesNotContain(Judge(facts), o => o.Key.StartsWith("PFC-REG", StringComparison.Ordinal) && o.Value.Outcome == Outcome.Unknown);
    }
}
