using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using PreflightCheck.Core.Facts;

namespace PreflightCheck.IntegrationTests.Registry;

/// <summary>A deterministic image: config blob, manifest and their digests.</summary>
internal sealed record FakeImage(byte[] Config, string ConfigDigest, byte[] Manifest, string Digest, string MediaType)
{
    public static FakeImage Create(string arch = "amd64", string mediaType = RegistryMediaTypes.DockerManifest, string entrypoint = "[\"/usr/bin/serve\"]")
    {
        var config = Encoding.UTF8.GetBytes($$$"""{"architecture":"{{{arch}}}","os":"linux","config":{"Entrypoint":{{{entrypoint}}},"Cmd":["serve"]},"rootfs":{"type":"layers","diff_ids":[]}}""");
        var configDigest = Sha(config);
        var configType = mediaType == RegistryMediaTypes.OciManifest ? "application/vnd.oci.image.config.v1+json" : "application/vnd.docker.container.image.v1+json";
        var manifest = Encoding.UTF8.GetBytes($$"""{"schemaVersion":2,"mediaType":"{{mediaType}}","config":{"mediaType":"{{configType}}","size":{{config.Length}},"digest":"{{configDigest}}"},"layers":[]}""");
        return new FakeImage(config, configDigest, manifest, Sha(manifest), mediaType);
    }

    public static string Sha(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}

/// <summary>Request handlers that behave like a registry, or like a broken one.</summary>
internal static class FakeRegistry
{
    public const string User = "puller";
    public const string Password = "s3cret-Pa55word-do-not-leak";
    public const string Token = "tok-e2b1f0c9-do-not-leak";

    public static string BasicValue => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(User + ":" + Password));

    /// <summary>
    /// A registry serving <paramref name="images"/> under team/model. <paramref name="auth"/>: "none", "basic" or "bearer"
    /// (then <paramref name="realm"/> is the token URL). <paramref name="blobRedirect"/> sends blobs elsewhere.
    /// </summary>
    public static RequestDelegate Registry(string auth, IReadOnlyList<FakeImage> images, string? realm = null, string? blobRedirect = null, byte[]? index = null, string? overrideManifest = null) => async context =>
    {
        var path = context.Request.Path.Value ?? "";
        var authorization = context.Request.Headers.Authorization.FirstOrDefault();
        var allowed = auth switch
        {
            "none" => true,
            "basic" => authorization == BasicValue,
            _ => authorization == "Bearer " + Token,
        };
        context.Response.Headers["Docker-Distribution-API-Version"] = "registry/2.0";
        if (!allowed)
        {
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = auth == "basic"
                ? "Basic realm=\"Registry Realm\""
                : $"Bearer realm=\"{realm}\",service=\"registry.test\",scope=\"repository:team/model:pull,push\"";
            return;
        }

        if (path == "/v2/")
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{}");
            return;
        }

        if (path.StartsWith("/v2/team/model/manifests/", StringComparison.Ordinal))
        {
            var reference = path["/v2/team/model/manifests/".Length..];
            byte[]? body = null;
            string? type = null;
            if (index is not null && (reference == "latest" || reference == FakeImage.Sha(index)))
            {
                body = index;
                type = RegistryMediaTypes.DockerManifestList;
            }

            foreach (var image in images)
            {
                if (reference == image.Digest || (reference == "latest" && body is null))
                {
                    body = overrideManifest is null ? image.Manifest : Encoding.UTF8.GetBytes(overrideManifest);
                    type = image.MediaType;
                    break;
                }
            }

            if (body is null)
            {
                context.Response.StatusCode = 404;
                await context.Response.WriteAsync("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}");
                return;
            }

            context.Response.ContentType = type;
            context.Response.Headers["Docker-Content-Digest"] = FakeImage.Sha(body);
            context.Response.ContentLength = body.Length;
            if (context.Request.Method != "HEAD")
            {
                await context.Response.Body.WriteAsync(body);
            }

            return;
        }

        if (path.StartsWith("/v2/team/model/blobs/", StringComparison.Ordinal))
        {
            var digest = path["/v2/team/model/blobs/".Length..];
            var image = images.FirstOrDefault(i => i.ConfigDigest == digest);
            if (image is null)
            {
                context.Response.StatusCode = 404;
                return;
            }

            if (blobRedirect is not null)
            {
                context.Response.StatusCode = 307;
                context.Response.Headers.Location = blobRedirect + digest;
                return;
            }

            context.Response.ContentType = "application/octet-stream";
            await context.Response.Body.WriteAsync(image.Config);
            return;
        }

        context.Response.StatusCode = 404;
    };

    /// <summary>A token endpoint: checks Basic credentials and answers <paramref name="body"/> (defaults to a good token).</summary>
    public static RequestDelegate TokenServer(int status = 200, string? body = null, bool anonymousToken = false) => async context =>
    {
        var authorization = context.Request.Headers.Authorization.FirstOrDefault();
        if (authorization is null && !anonymousToken)
        {
            context.Response.StatusCode = 401;
            return;
        }

        if (authorization is not null && authorization != BasicValue)
        {
            context.Response.StatusCode = 401;
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body ?? $$"""{"access_token":"{{Token}}","expires_in":300,"issued_at":"2026-01-01T00:00:00Z"}""");
    };

    public static byte[] Index(params FakeImage[] images)
    {
        var entries = string.Join(",", images.Select(i =>
        {
            var arch = System.Text.Json.JsonDocument.Parse(i.Config).RootElement.GetProperty("architecture").GetString();
            return $$$"""{"mediaType":"{{{i.MediaType}}}","size":{{{i.Manifest.Length}}},"digest":"{{{i.Digest}}}","platform":{"architecture":"{{{arch}}}","os":"linux"}}""";
        }));
        return Encoding.UTF8.GetBytes($$"""{"schemaVersion":2,"mediaType":"{{RegistryMediaTypes.DockerManifestList}}","manifests":[{{entries}}]}""");
    }
}
