using System.Buffers.Binary;
using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PreflightCheck.IntegrationTests.Infrastructure;

internal static class MediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    /// <summary>Every manifest type a puller should accept.</summary>
    public static readonly string[] AllManifests = [DockerManifest, DockerManifestList, OciManifest, OciIndex];
}

/// <summary>Entrypoint shapes that matter to SageMaker (it runs the container with the argument "serve").</summary>
internal enum EntrypointStyle
{
    /// <summary>config.Entrypoint = ["/app/serve"].</summary>
    Entrypoint,

    /// <summary>config.Cmd = ["/app/serve"], no Entrypoint.</summary>
    CmdOnly,

    /// <summary>Neither Entrypoint nor Cmd.</summary>
    None,
}

internal sealed record ImageSpec
{
    public string Architecture { get; init; } = "amd64";

    public string Os { get; init; } = "linux";

    public string? Variant { get; init; }

    public EntrypointStyle Entrypoint { get; init; } = EntrypointStyle.Entrypoint;

    /// <summary>Text placed in the layer, so tests can make otherwise-equal images differ.</summary>
    public string Marker { get; init; } = "preflight";

    /// <summary>The body of /app/serve (after the shebang); null keeps the default echo script.</summary>
    public string? ServeScript { get; init; }

    /// <summary>Adds a layer with Debian's static busybox as /bin/busybox and /bin/sh, so <see cref="ServeScript"/> can run.</summary>
    public bool Busybox { get; init; }

    /// <summary>Extra files in the app layer: path (relative to /) and content; all executable.</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();

    public static ImageSpec Amd64 => new();

    public static ImageSpec Arm64 => new() { Architecture = "arm64", Variant = "v8" };
}

internal sealed record OciDescriptor(string MediaType, string Digest, long Size, string? Architecture = null);

internal enum PushFormat
{
    /// <summary>Docker image manifest v2 schema 2 (skopeo --format v2s2).</summary>
    DockerV2S2,

    /// <summary>OCI image manifest (skopeo --format oci).</summary>
    Oci,
}

internal sealed record PushResult(string Reference, string Digest, TimeSpan Elapsed, string SkopeoOutput);

/// <summary>An OCI image layout on disk, written byte-for-byte deterministically; deleted on dispose.</summary>
internal sealed class OciLayout : IDisposable
{
    private readonly TempDirectory _dir;

    internal OciLayout(TempDirectory dir, string tag, OciDescriptor root, IReadOnlyList<OciDescriptor> manifests, IReadOnlyList<OciDescriptor> configs)
    {
        _dir = dir;
        Tag = tag;
        Root = root;
        Manifests = manifests;
        Configs = configs;
    }

    public string Path => _dir.Path;

    public string Tag { get; }

    /// <summary>What index.json points at: an image manifest or, for multi-arch, an image index.</summary>
    public OciDescriptor Root { get; }

    /// <summary>The per-platform image manifests (one for single-arch).</summary>
    public IReadOnlyList<OciDescriptor> Manifests { get; }

    /// <summary>Config blobs, parallel to <see cref="Manifests"/>.</summary>
    public IReadOnlyList<OciDescriptor> Configs { get; }

    public string SkopeoReference => $"oci:{Path}:{Tag}";

    public byte[] ReadBlob(string digest) => File.ReadAllBytes(System.IO.Path.Combine(Path, "blobs", "sha256", digest["sha256:".Length..]));

    public void Dispose() => _dir.Dispose();
}

/// <summary>Builds tiny images offline (no Docker) and pushes them with skopeo.</summary>
internal static class TestImages
{
    public const string Skopeo = "/usr/bin/skopeo";
    private static readonly DateTimeOffset FixedTime = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static OciLayout WriteSingle(ImageSpec spec, string tag = "latest")
    {
        var dir = new TempDirectory("oci");
        try
        {
            var (manifest, config) = WriteImage(dir.Path, spec);
            WriteLayoutFiles(dir.Path, manifest, tag);
            return new OciLayout(dir, tag, manifest, [manifest], [config]);
        }
        catch
        {
            dir.Dispose();
            throw;
        }
    }

    public static OciLayout WriteMultiArch(IReadOnlyList<ImageSpec> specs, string tag = "latest")
    {
        var dir = new TempDirectory("oci");
        try
        {
            var images = specs.Select(s => WriteImage(dir.Path, s)).ToList();
            var manifests = new JsonArray();
            foreach (var (spec, (m, _)) in specs.Zip(images))
            {
                var platform = new JsonObject { ["architecture"] = spec.Architecture, ["os"] = spec.Os };
                if (spec.Variant is not null)
                {
                    platform["variant"] = spec.Variant;
                }

                manifests.Add(new JsonObject { ["mediaType"] = m.MediaType, ["digest"] = m.Digest, ["size"] = m.Size, ["platform"] = platform });
            }

            var index = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = MediaTypes.OciIndex, ["manifests"] = manifests };
            var root = WriteBlob(dir.Path, MediaTypes.OciIndex, Json(index));
            WriteLayoutFiles(dir.Path, root, tag);
            return new OciLayout(dir, tag, root, images.Select(i => i.Manifest).ToList(), images.Select(i => i.Config).ToList());
        }
        catch
        {
            dir.Dispose();
            throw;
        }
    }

    /// <summary>Pushes with skopeo copy (--multi-arch all for an index); returns the digest skopeo wrote to --digestfile.</summary>
    public static async Task<PushResult> PushAsync(
        OciLayout layout, RegistryServer registry, string repository, string? tag = null, PushFormat? format = null, TimeSpan? timeout = null)
    {
        tag ??= layout.Tag;
        using var work = new TempDirectory("push");
        var digestFile = work.Combine("digest");
        var reference = $"{registry.HostPort}/{repository}:{tag}";
        var args = new List<string> { "--insecure-policy", "copy", "--retry-times", "0", "--digestfile", digestFile };
        if (layout.Root.MediaType == MediaTypes.OciIndex)
        {
            args.AddRange(["--multi-arch", "all"]);
        }

        if (format is not null)
        {
            args.AddRange(["--format", format == PushFormat.Oci ? "oci" : "v2s2"]);
        }

        args.AddRange(await RegistryArgumentsAsync(registry, work, "--dest-").ConfigureAwait(false));
        args.Add(layout.SkopeoReference);
        args.Add("docker://" + reference);
        var result = await ProcessRunner.RunAsync(Skopeo, args, timeout ?? TimeSpan.FromSeconds(60), work.Path, environment: SkopeoEnvironment(work)).ConfigureAwait(false);
        var digest = (await File.ReadAllTextAsync(digestFile).ConfigureAwait(false)).Trim();
        return new PushResult(reference, digest, result.Elapsed, result.StandardOutput + result.StandardError);
    }

    /// <summary>
    /// Runs `skopeo inspect` (manifest + config, or only the manifest with <paramref name="raw"/>) against the registry: the baseline for
    /// the collector benchmark. Returns skopeo's JSON output and the wall time of the process.
    /// </summary>
    public static async Task<(string Output, TimeSpan Elapsed)> InspectAsync(RegistryServer registry, string repository, string reference, bool raw = false)
    {
        using var work = new TempDirectory("inspect");
        var args = new List<string> { "--insecure-policy", "inspect", "--retry-times", "0" };
        if (raw)
        {
            args.Add("--raw");
        }

        args.AddRange(await RegistryArgumentsAsync(registry, work, "--").ConfigureAwait(false));
        var separator = reference.StartsWith("sha256:", StringComparison.Ordinal) ? "@" : ":";
        args.Add($"docker://{registry.HostPort}/{repository}{separator}{reference}");
        var result = await ProcessRunner.RunAsync(Skopeo, args, TimeSpan.FromSeconds(60), work.Path, environment: SkopeoEnvironment(work)).ConfigureAwait(false);
        return (result.StandardOutput, result.Elapsed);
    }

    /// <summary>
    /// TLS and credential flags for one registry. A registry the test root validates is used with verification on (cert dir holding the
    /// root); broken-TLS and plain-HTTP variants with tls-verify=false. Credentials go through an auth file, never argv.
    /// </summary>
    private static async Task<List<string>> RegistryArgumentsAsync(RegistryServer registry, TempDirectory work, string prefix)
    {
        var authFile = work.Combine("auth.json");
        var auths = new JsonObject();
        if (registry.Options.Auth != RegistryAuth.Anonymous)
        {
            var (user, pass) = registry.Options.Auth == RegistryAuth.Token
                ? (registry.Options.TokenServer!.Username, registry.Options.TokenServer!.Password)
                : (registry.Username, registry.Password);
            auths[registry.HostPort] = new JsonObject { ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + pass)) };
        }

        await File.WriteAllTextAsync(authFile, new JsonObject { ["auths"] = auths }.ToJsonString()).ConfigureAwait(false);
        var args = new List<string> { prefix + "authfile", authFile };
        if (registry.IsTrustedByRoot && registry.CertDirectory is not null && !IsWeakForGo(registry.Options.Tls))
        {
            args.AddRange([prefix + "cert-dir", registry.CertDirectory]);
        }
        else
        {
            args.Add(prefix + "tls-verify=false");
        }

        return args;
    }

    private static Dictionary<string, string> SkopeoEnvironment(TempDirectory work) => new()
    {
        ["HOME"] = work.Path,
        ["XDG_RUNTIME_DIR"] = work.Path,
        ["TMPDIR"] = work.Path,
        ["REGISTRY_AUTH_FILE"] = work.Combine("auth.json"),
    };

    /// <summary>Deterministic gzip: fixed 10-byte header (no mtime, OS unknown) around stored deflate blocks.</summary>
    public static byte[] Gzip(ReadOnlySpan<byte> data)
    {
        using var ms = new MemoryStream();
        ms.Write([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);
        var offset = 0;
        Span<byte> lens = stackalloc byte[4];
        do
        {
            var len = Math.Min(65535, data.Length - offset);
            var final = offset + len == data.Length;
            ms.WriteByte(final ? (byte)1 : (byte)0);
            BinaryPrimitives.WriteUInt16LittleEndian(lens, (ushort)len);
            BinaryPrimitives.WriteUInt16LittleEndian(lens[2..], (ushort)~len);
            ms.Write(lens);
            ms.Write(data.Slice(offset, len));
            offset += len;
        }
        while (offset < data.Length);

        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, Crc32(data));
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], (uint)data.Length);
        ms.Write(trailer);
        return ms.ToArray();
    }

    public static string Sha256Digest(ReadOnlySpan<byte> data) => "sha256:" + Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant();

    // Go's TLS client refuses SHA-1 signatures and this runtime's defaults may refuse RSA-1024; skopeo pushes those insecurely.
    private static bool IsWeakForGo(RegistryTls tls) => tls is RegistryTls.Sha1Signature or RegistryTls.WeakKey;

    private static (OciDescriptor Manifest, OciDescriptor Config) WriteImage(string dir, ImageSpec spec)
    {
        var tars = new List<byte[]>();
        if (spec.Busybox)
        {
            tars.Add(BusyboxTar());
        }

        tars.Add(LayerTar(spec));
        var layers = tars.Select(t => WriteBlob(dir, MediaTypes.OciLayerGzip, Gzip(t))).ToList();
        var containerConfig = new JsonObject
        {
            ["Env"] = new JsonArray("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
            ["WorkingDir"] = "/app",
        };
        switch (spec.Entrypoint)
        {
            case EntrypointStyle.Entrypoint:
                containerConfig["Entrypoint"] = new JsonArray("/app/serve");
                break;
            case EntrypointStyle.CmdOnly:
                containerConfig["Cmd"] = new JsonArray("/app/serve");
                break;
        }

        var config = new JsonObject
        {
            ["created"] = FixedTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["architecture"] = spec.Architecture,
            ["os"] = spec.Os,
            ["config"] = containerConfig,
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(tars.Select(t => (JsonNode)JsonValue.Create(Sha256Digest(t))).ToArray()) },
            ["history"] = new JsonArray(new JsonObject { ["created"] = "2024-01-01T00:00:00Z", ["created_by"] = "PreflightCheck TestImages" }),
        };
        if (spec.Variant is not null)
        {
            config["variant"] = spec.Variant;
        }

        var configDesc = WriteBlob(dir, MediaTypes.OciConfig, Json(config));
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.OciManifest,
            ["config"] = Descriptor(configDesc),
            ["layers"] = new JsonArray(layers.Select(l => (JsonNode)Descriptor(l)).ToArray()),
        };
        var manifestDesc = WriteBlob(dir, MediaTypes.OciManifest, Json(manifest)) with { Architecture = spec.Architecture };
        return (manifestDesc, configDesc);
    }

    private static byte[] LayerTar(ImageSpec spec)
    {
        using var ms = new MemoryStream();
        using (var writer = new TarWriter(ms, TarEntryFormat.Ustar, leaveOpen: true))
        {
            writer.WriteEntry(Entry(TarEntryType.Directory, "app/", null, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute));
            var script = spec.ServeScript is null ? $"#!/bin/sh\necho \"{spec.Marker} {spec.Os}/{spec.Architecture} serving\"\n" : "#!/bin/sh\n" + spec.ServeScript;
            writer.WriteEntry(Entry(TarEntryType.RegularFile, "app/serve", script, Executable));
            foreach (var (path, content) in spec.Files.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                writer.WriteEntry(Entry(TarEntryType.RegularFile, path, content, Executable));
            }
        }

        return ms.ToArray();
    }

    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public const string BusyboxPath = "/bin/busybox";

    /// <summary>bin/busybox from Debian's busybox-static (a static binary, so no libraries), bin/sh linked to it, and an empty tmp/.</summary>
    private static byte[] BusyboxTar()
    {
        if (!File.Exists(BusyboxPath))
        {
            throw new InvalidOperationException($"{BusyboxPath} is missing: run .ci/install-deps.sh (it installs busybox-static)");
        }

        using var ms = new MemoryStream();
        using (var writer = new TarWriter(ms, TarEntryFormat.Ustar, leaveOpen: true))
        {
            writer.WriteEntry(Entry(TarEntryType.Directory, "bin/", null, Executable));
            var busybox = Entry(TarEntryType.RegularFile, "bin/busybox", null, Executable);
            busybox.DataStream = new MemoryStream(File.ReadAllBytes(BusyboxPath));
            writer.WriteEntry(busybox);
            var sh = Entry(TarEntryType.SymbolicLink, "bin/sh", null, Executable);
            sh.LinkName = "busybox";
            writer.WriteEntry(sh);
            writer.WriteEntry(Entry(TarEntryType.Directory, "tmp/", null, Executable | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite | UnixFileMode.StickyBit));
        }

        return ms.ToArray();
    }

    private static UstarTarEntry Entry(TarEntryType type, string name, string? content, UnixFileMode mode)
    {
        var entry = new UstarTarEntry(type, name)
        {
            ModificationTime = FixedTime,
            Mode = mode,
            Uid = 0,
            Gid = 0,
            UserName = "root",
            GroupName = "root",
        };
        if (content is not null)
        {
            entry.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        }

        return entry;
    }

    private static JsonObject Descriptor(OciDescriptor d) => new() { ["mediaType"] = d.MediaType, ["digest"] = d.Digest, ["size"] = d.Size };

    private static byte[] Json(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));

    private static OciDescriptor WriteBlob(string dir, string mediaType, byte[] content)
    {
        var digest = Sha256Digest(content);
        var blobs = System.IO.Path.Combine(dir, "blobs", "sha256");
        Directory.CreateDirectory(blobs);
        File.WriteAllBytes(System.IO.Path.Combine(blobs, digest["sha256:".Length..]), content);
        return new OciDescriptor(mediaType, digest, content.Length);
    }

    private static void WriteLayoutFiles(string dir, OciDescriptor root, string tag)
    {
        File.WriteAllText(System.IO.Path.Combine(dir, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        var entry = Descriptor(root);
        entry["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = tag };
        var index = new JsonObject { ["schemaVersion"] = 2, ["manifests"] = new JsonArray(entry) };
        File.WriteAllBytes(System.IO.Path.Combine(dir, "index.json"), Json(index));
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
