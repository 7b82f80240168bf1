using System.Net;
using System.Net.Sockets;
using System.Text;
using PreflightCheck.IntegrationTests.Infrastructure;

namespace PreflightCheck.IntegrationTests.InfrastructureTests;

public sealed class StubServerTests(PkiFixture pki) : IClassFixture<PkiFixture>
{
    [Fact]
    public async Task Html_WhenV2Requested_AnswersHtmlOverValidatedTls()
    {
        await using var stub = await StubServer.StartAsync(StubResponses.Html(), new StubServerOptions { Certificates = pki.Certificates });
        var seen = new TlsObservation();
        using var client = TestHttp.Create(pki.Certificates.RootPath, seen);

        using var response = await client.GetAsync(new Uri(stub.BaseUri, "/v2/"));

        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.True(seen.Trusted);
        Assert.Equal("/v2/", stub.Requests.Single().PathAndQuery);
        Assert.Equal(1, stub.ConnectionCount);
    }

    [Fact]
    public async Task Challenge_WhenGarbage_PassesHeaderThroughVerbatim()
    {
        const string garbage = "Bearer realm=\"unterminated, service==,,scope";
        await using var stub = await StubServer.StartAsync(StubResponses.Challenge(garbage));
        using var client = TestHttp.Create(null);

        using var response = await client.GetAsync(new Uri(stub.BaseUri, "/v2/"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(garbage, string.Join(", ", response.Headers.GetValues("WWW-Authenticate")));
    }

    [Fact]
    public async Task Manifest_WhenDigestClaimedWrong_BodyDoesNotHashToHeader()
    {
        var body = Encoding.UTF8.GetBytes("""{"schemaVersion":2}""");
        var wrong = TestImages.Sha256Digest(Encoding.UTF8.GetBytes("something else"));
        await using var stub = await StubServer.StartAsync(StubResponses.Manifest(body, MediaTypes.OciManifest, wrong));
        using var client = TestHttp.Create(null);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(stub.BaseUri, $"/v2/repo/manifests/{wrong}"));
        request.Headers.Authorization = new("Bearer", "t");
        using var response = await client.SendAsync(request);
        var served = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(wrong, response.Headers.GetValues("Docker-Content-Digest").Single());
        Assert.NotEqual(wrong, TestImages.Sha256Digest(served));
        Assert.Equal("Bearer", stub.Requests.Single().AuthorizationScheme);
    }

    [Fact]
    public async Task EndlessBody_WhenReadWithCap_KeepsStreamingPastTheCap()
    {
        await using var stub = await StubServer.StartAsync(StubResponses.EndlessBody());
        using var client = TestHttp.Create(null);

        using var response = await client.GetAsync(new Uri(stub.BaseUri, "/v2/repo/manifests/x"), HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        long total = 0;
        while (total < 5L * 1024 * 1024)
        {
            var n = await stream.ReadAsync(buffer);
            Assert.NotEqual(0, n);
            total += n;
        }

        Assert.True(total >= 5L * 1024 * 1024);
    }

    [Fact]
    public async Task RedirectTo_WhenFollowedManually_PointsAtOtherHost()
    {
        await using var target = await StubServer.StartAsync(StubResponses.Html());
        await using var stub = await StubServer.StartAsync(StubResponses.RedirectTo(target.BaseUri));
        using var client = TestHttp.Create(null);

        using var response = await client.GetAsync(new Uri(stub.BaseUri, "/v2/repo/blobs/sha256:abc"));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(new Uri(target.BaseUri, "/v2/repo/blobs/sha256:abc"), response.Headers.Location);
    }

    [Fact]
    public async Task HangingServer_WhenConnected_AcceptsButNeverAnswers()
    {
        await using var hanging = HangingServer.Start();
        using var client = TestHttp.Create(null, timeout: TimeSpan.FromMilliseconds(400));

        var sw = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAsync<TaskCanceledException>(() => client.GetAsync($"https://{hanging.HostPort}/v2/"));

        Assert.InRange(sw.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(5));
        Assert.Equal(1, hanging.AcceptedCount);
    }

    [Fact]
    public async Task HangingServer_WhenDisposed_RefusesNewConnections()
    {
        var hanging = HangingServer.Start();
        var endpoint = hanging.EndPoint;

        await hanging.DisposeAsync();

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await Assert.ThrowsAnyAsync<SocketException>(async () => await socket.ConnectAsync(endpoint, cts.Token));
    }
}
