using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using PreflightCheck.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace PreflightCheck.IntegrationTests.InfrastructureTests;

public sealed class TestImagesTests(AnonymousRegistryFixture fx, ITestOutputHelper output) : IClassFixture<AnonymousRegistryFixture>
{
    [Fact]
    public void WriteSingle_WhenCalledTwice_ProducesIdenticalDigests()
    {
        using var a = TestImages.WriteSingle(ImageSpec.Amd64);
        using var b = TestImages.WriteSingle(ImageSpec.Amd64);
        using var arm = TestImages.WriteSingle(ImageSpec.Arm64);

        Assert.Equal(a.Root.Digest, b.Root.Digest);
        Assert.NotEqual(a.Root.Digest, arm.Root.Digest);
        Assert.Equal(MediaTypes.OciManifest, a.Root.MediaType);
        Assert.Equal(TestImages.Sha256Digest(File.ReadAllBytes(Path.Combine(a.Path, "blobs", "sha256", a.Root.Digest[7..]))), a.Root.Digest);
    }

    [Fact]
    public void WriteSingle_WhenLayerRead_IsTimestampFreeGzipOfTarWithServeScript()
    {
        using var layout = TestImages.WriteSingle(ImageSpec.Amd64);
        using var manifest = JsonDocument.Parse(layout.ReadBlob(layout.Root.Digest));
        var layerDigest = manifest.RootElement.GetProperty("layers")[0].GetProperty("digest").GetString()!;
        var gz = layout.ReadBlob(layerDigest);

        Assert.Equal([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0], gz[..8]);
        using var tar = new TarReader(new GZipStream(new MemoryStream(gz), CompressionMode.Decompress));
        var names = new List<string>();
        while (tar.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
            Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), entry.ModificationTime);
        }

        Assert.Equal(["app/", "app/serve"], names);
    }

    [Theory]
    [InlineData(nameof(EntrypointStyle.Entrypoint), true, false)]
    [InlineData(nameof(EntrypointStyle.CmdOnly), false, true)]
    [InlineData(nameof(EntrypointStyle.None), false, false)]
    public void WriteSingle_WhenEntrypointStyleChosen_ConfigCarriesIt(string style, bool entrypoint, bool cmd)
    {
        using var layout = TestImages.WriteSingle(ImageSpec.Arm64 with { Entrypoint = Enum.Parse<EntrypointStyle>(style) });
        using var config = JsonDocument.Parse(layout.ReadBlob(layout.Configs[0].Digest));

        var c = config.RootElement.GetProperty("config");
        Assert.Equal(entrypoint, c.TryGetProperty("Entrypoint", out _));
        Assert.Equal(cmd, c.TryGetProperty("Cmd", out _));
        Assert.Equal("arm64", config.RootElement.GetProperty("architecture").GetString());
        Assert.Equal("v8", config.RootElement.GetProperty("variant").GetString());
    }

    [Theory]
    [InlineData(nameof(PushFormat.DockerV2S2), MediaTypes.DockerManifest, MediaTypes.DockerConfig)]
    [InlineData(nameof(PushFormat.Oci), MediaTypes.OciManifest, MediaTypes.OciConfig)]
    public async Task PushAsync_WhenSingleArch_RegistryServesManifestOfRequestedFormatUnderPushedDigest(string format, string manifestType, string configType)
    {
        var registry = fx.Registry;
        var repository = "team/model-" + format.ToLowerInvariant();
        using var layout = TestImages.WriteSingle(ImageSpec.Amd64);

        var pushed = await TestImages.PushAsync(layout, registry, repository, "v1", Enum.Parse<PushFormat>(format));
        output.WriteLine($"push {format}: {pushed.Elapsed.TotalMilliseconds:0} ms");

        var (type, digestHeader, body) = await GetManifestAsync(registry, repository, "v1");
        Assert.Equal(manifestType, type);
        Assert.Equal(pushed.Digest, digestHeader);
        Assert.Equal(pushed.Digest, TestImages.Sha256Digest(body));
        using var doc = JsonDocument.Parse(body);
        Assert.Equal(configType, doc.RootElement.GetProperty("config").GetProperty("mediaType").GetString());
        var (byDigestType, _, byDigestBody) = await GetManifestAsync(registry, repository, pushed.Digest);
        Assert.Equal(manifestType, byDigestType);
        Assert.Equal(body, byDigestBody);
    }

    [Fact]
    public async Task PushAsync_WhenMultiArch_RegistryServesOciIndexWithBothPlatforms()
    {
        var registry = fx.Registry;
        using var layout = TestImages.WriteMultiArch([ImageSpec.Amd64, ImageSpec.Arm64]);

        var pushed = await TestImages.PushAsync(layout, registry, "team/multi", "v1");
        output.WriteLine($"push multi-arch: {pushed.Elapsed.TotalMilliseconds:0} ms");

        var (type, digestHeader, body) = await GetManifestAsync(registry, "team/multi", "v1");
        Assert.Equal(MediaTypes.OciIndex, type);
        Assert.Equal(layout.Root.Digest, pushed.Digest);
        Assert.Equal(pushed.Digest, digestHeader);
        using var doc = JsonDocument.Parse(body);
        var platforms = doc.RootElement.GetProperty("manifests").EnumerateArray()
            .Select(m => m.GetProperty("platform").GetProperty("architecture").GetString()).ToList();
        Assert.Equal(["amd64", "arm64"], platforms);
        foreach (var m in layout.Manifests)
        {
            var (childType, childDigest, _) = await GetManifestAsync(registry, "team/multi", m.Digest);
            Assert.Equal(MediaTypes.OciManifest, childType);
            Assert.Equal(m.Digest, childDigest);
        }
    }

    [Fact]
    public async Task PushAsync_WhenMultiArchAsV2S2_RegistryServesDockerManifestList()
    {
        var registry = fx.Registry;
        using var layout = TestImages.WriteMultiArch([ImageSpec.Amd64, ImageSpec.Arm64]);

        var pushed = await TestImages.PushAsync(layout, registry, "team/list", "v1", PushFormat.DockerV2S2);

        var (type, digestHeader, body) = await GetManifestAsync(registry, "team/list", "v1");
        Assert.Equal(MediaTypes.DockerManifestList, type);
        Assert.Equal(pushed.Digest, digestHeader);
        using var doc = JsonDocument.Parse(body);
        Assert.All(doc.RootElement.GetProperty("manifests").EnumerateArray(),
            m => Assert.Equal(MediaTypes.DockerManifest, m.GetProperty("mediaType").GetString()));
    }

    [Fact]
    public async Task PushAsync_WhenArm64_ConfigBlobSaysArm64()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { Certificates = fx.Certificates, Tls = RegistryTls.PlainHttp });
        using var layout = TestImages.WriteSingle(ImageSpec.Arm64);

        var pushed = await TestImages.PushAsync(layout, registry, "arm/model", "v1", PushFormat.DockerV2S2);

        var (_, _, body) = await GetManifestAsync(registry, "arm/model", pushed.Digest);
        using var manifest = JsonDocument.Parse(body);
        var configDigest = manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!;
        using var client = TestHttp.Create(null);
        var configBytes = await client.GetByteArrayAsync(new Uri(registry.BaseUri, $"/v2/arm/model/blobs/{configDigest}"));
        using var config = JsonDocument.Parse(configBytes);
        Assert.Equal("arm64", config.RootElement.GetProperty("architecture").GetString());
        Assert.Equal(configDigest, TestImages.Sha256Digest(configBytes));
    }

    [Fact]
    public async Task PushAsync_WhenBasicAuthRegistry_PushesWithCredentialsFromAuthFile()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { Certificates = fx.Certificates, Auth = RegistryAuth.Basic });
        using var layout = TestImages.WriteSingle(ImageSpec.Amd64);

        var pushed = await TestImages.PushAsync(layout, registry, "secure/model", "v1", PushFormat.DockerV2S2);

        var (type, digest, _) = await GetManifestAsync(registry, "secure/model", "v1");
        Assert.Equal(MediaTypes.DockerManifest, type);
        Assert.Equal(pushed.Digest, digest);
        Assert.DoesNotContain(registry.Password, pushed.SkopeoOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(RegistryTls.LeafOnly))]
    [InlineData(nameof(RegistryTls.Expired))]
    public async Task PushAsync_WhenTlsBroken_StillSeedsTheRegistryWithoutVerification(string variant)
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { Certificates = fx.Certificates, Tls = Enum.Parse<RegistryTls>(variant) });
        using var layout = TestImages.WriteSingle(ImageSpec.Amd64);

        var pushed = await TestImages.PushAsync(layout, registry, "broken/model", "v1", PushFormat.Oci);

        Assert.StartsWith("sha256:", pushed.Digest, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(registry.StorageDirectory, "docker", "registry", "v2", "repositories", "broken", "model")));
    }

    private static async Task<(string? MediaType, string? Digest, byte[] Body)> GetManifestAsync(RegistryServer registry, string repository, string reference)
    {
        using var client = TestHttp.Create(registry.RootCaPath);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(registry.BaseUri, $"/v2/{repository}/manifests/{reference}"));
        foreach (var t in MediaTypes.AllManifests)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(t));
        }

        if (registry.Options.Auth == RegistryAuth.Basic)
        {
            request.Headers.Authorization = TestHttp.Basic(registry.Username, registry.Password);
        }

        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var digest = response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.Single() : null;
        return (response.Content.Headers.ContentType?.MediaType, digest, await response.Content.ReadAsByteArrayAsync());
    }
}
