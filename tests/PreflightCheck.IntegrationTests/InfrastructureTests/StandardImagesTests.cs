using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using PreflightCheck.IntegrationTests.Infrastructure;

namespace PreflightCheck.IntegrationTests.InfrastructureTests;

public sealed class StandardImagesTests(SeededRegistryFixture fx) : IClassFixture<SeededRegistryFixture>
{
    [Theory]
    [InlineData(StandardImages.DockerAmd64Repository, MediaTypes.DockerManifest)]
    [InlineData(StandardImages.OciAmd64Repository, MediaTypes.OciManifest)]
    [InlineData(StandardImages.DockerArm64Repository, MediaTypes.DockerManifest)]
    [InlineData(StandardImages.OciIndexRepository, MediaTypes.OciIndex)]
    [InlineData(StandardImages.DockerManifestListRepository, MediaTypes.DockerManifestList)]
    [InlineData(StandardImages.NoEntrypointRepository, MediaTypes.DockerManifest)]
    [InlineData(StandardImages.CmdOnlyRepository, MediaTypes.DockerManifest)]
    public async Task SeedAsync_WhenDone_EachRepositoryServesItsMediaTypeUnderThePushedDigest(string repository, string mediaType)
    {
        var pushed = Pushed(repository);
        using var client = TestHttp.Create(fx.Certificates.RootPath);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fx.Registry.BaseUri, $"/v2/{repository}/manifests/{StandardImages.Tag}"));
        foreach (var t in MediaTypes.AllManifests)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(t));
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(pushed.Digest, TestImages.Sha256Digest(body));
        Assert.Equal($"{fx.Registry.HostPort}/{repository}:{StandardImages.Tag}", pushed.Reference);
    }

    [Theory]
    [InlineData(StandardImages.DockerAmd64Repository, true, false)]
    [InlineData(StandardImages.NoEntrypointRepository, false, false)]
    [InlineData(StandardImages.CmdOnlyRepository, false, true)]
    public async Task SeedAsync_WhenDone_ConfigBlobCarriesTheEntrypointStyle(string repository, bool entrypoint, bool cmd)
    {
        var (doc, digest) = await ConfigAsync(repository);
        using (doc)
        {
            var config = doc.RootElement.GetProperty("config");
            Assert.Equal(entrypoint, config.TryGetProperty("Entrypoint", out _));
            Assert.Equal(cmd, config.TryGetProperty("Cmd", out _));
            Assert.StartsWith("sha256:", digest, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SeedAsync_WhenSameContentPushedAsDockerAndOci_DigestsDiffer()
    {
        Assert.NotEqual(fx.Images.DockerAmd64.Digest, fx.Images.OciAmd64.Digest);
        Assert.NotEqual(fx.Images.OciIndex.Digest, fx.Images.DockerManifestList.Digest);
    }

    private async Task<(JsonDocument Doc, string Digest)> ConfigAsync(string repository)
    {
        using var client = TestHttp.Create(fx.Certificates.RootPath);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fx.Registry.BaseUri, $"/v2/{repository}/manifests/{StandardImages.Tag}"));
        request.Headers.Accept.ParseAdd(MediaTypes.DockerManifest);
        using var response = await client.SendAsync(request);
        using var manifest = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        var digest = manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!;
        var bytes = await client.GetByteArrayAsync(new Uri(fx.Registry.BaseUri, $"/v2/{repository}/blobs/{digest}"));
        return (JsonDocument.Parse(bytes), digest);
    }

    private PushResult Pushed(string repository) => repository switch
    {
        StandardImages.DockerAmd64Repository => fx.Images.DockerAmd64,
        StandardImages.OciAmd64Repository => fx.Images.OciAmd64,
        StandardImages.DockerArm64Repository => fx.Images.DockerArm64,
        StandardImages.OciIndexRepository => fx.Images.OciIndex,
        StandardImages.DockerManifestListRepository => fx.Images.DockerManifestList,
        StandardImages.NoEntrypointRepository => fx.Images.NoEntrypoint,
        StandardImages.CmdOnlyRepository => fx.Images.CmdOnly,
        _ => throw new ArgumentOutOfRangeException(nameof(repository)),
    };
}
