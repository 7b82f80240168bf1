using System.Security.Cryptography;
using System.Text.Json;
using PreflightCheck.Core.Facts;

namespace PreflightCheck.Collectors.Registry;

internal sealed record ManifestDescriptor(string MediaType, string Digest, string? Os, string? Architecture, string? Variant);

/// <summary>Reads manifests, indexes and image configs from their bytes; every failure is a message, never an exception to the caller.</summary>
internal static class ManifestReader
{
    public static string Digest(byte[] bytes, string algorithm) => algorithm == "sha512"
        ? "sha512:" + Convert.ToHexStringLower(SHA512.HashData(bytes))
        : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string AlgorithmOf(string? digest) => digest?.StartsWith("sha512:", StringComparison.Ordinal) == true ? "sha512" : "sha256";

    public static string? MediaType(byte[] body, string? contentType)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (doc.RootElement.TryGetProperty("mediaType", out var mt) && mt.ValueKind == JsonValueKind.String)
                {
                    return mt.GetString();
                }

                if (doc.RootElement.TryGetProperty("schemaVersion", out var v) && v.ValueKind == JsonValueKind.Number && v.GetInt32() == 1)
                {
                    return RegistryMediaTypes.DockerSchema1Signed;
                }

                if (doc.RootElement.TryGetProperty("manifests", out _))
                {
                    return RegistryMediaTypes.OciIndex;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        var type = contentType?.Split(';')[0].Trim();
        return string.IsNullOrEmpty(type) ? null : type;
    }

    public static IReadOnlyList<ManifestDescriptor>? IndexEntries(byte[] body, out string? error)
    {
        error = null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (!doc.RootElement.TryGetProperty("manifests", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                error = "the index has no manifests array";
                return null;
            }

            var entries = new List<ManifestDescriptor>();
            foreach (var m in list.EnumerateArray())
            {
                var platform = m.TryGetProperty("platform", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
                entries.Add(new ManifestDescriptor(
                    Str(m, "mediaType") ?? "",
                    Str(m, "digest") ?? "",
                    platform.ValueKind == JsonValueKind.Object ? Str(platform, "os") : null,
                    platform.ValueKind == JsonValueKind.Object ? Str(platform, "architecture") : null,
                    platform.ValueKind == JsonValueKind.Object ? Str(platform, "variant") : null));
            }

            return entries;
        }
        catch (JsonException ex)
        {
            error = $"the index is not valid JSON ({ex.Message})";
            return null;
        }
    }

    public static string? ConfigDigest(byte[] body, out string? error)
    {
        error = null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("config", out var config) && Str(config, "digest") is { } digest)
            {
                return digest;
            }

            error = "the manifest names no config blob";
            return null;
        }
        catch (JsonException ex)
        {
            error = $"the manifest is not valid JSON ({ex.Message})";
            return null;
        }
    }

    /// <summary>The sum of the <c>size</c> of every layer an image manifest lists; null when the manifest lists none or is not JSON.</summary>
    public static long? LayersSize(byte[] manifest)
    {
        try
        {
            using var doc = JsonDocument.Parse(manifest);
            if (!doc.RootElement.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            long total = 0;
            foreach (var layer in layers.EnumerateArray())
            {
                if (layer.ValueKind != JsonValueKind.Object || !layer.TryGetProperty("size", out var size) || !size.TryGetInt64(out var bytes) || bytes < 0)
                {
                    return null;
                }

                total += bytes;
            }

            return total;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static ImageConfigFacts Config(string digest, byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            IReadOnlyList<string>? entrypoint = null, cmd = null;
            if (root.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object)
            {
                entrypoint = Strings(config, "Entrypoint");
                cmd = Strings(config, "Cmd");
            }

            return new ImageConfigFacts(CollectionStatus.Ok, digest, Str(root, "os"), Str(root, "architecture"), Str(root, "variant"), entrypoint ?? [], cmd ?? []);
        }
        catch (JsonException ex)
        {
            return new ImageConfigFacts(CollectionStatus.Invalid, digest, null, null, null, null, null, $"the image config is not valid JSON ({ex.Message})");
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static List<string>? Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : null;
}
