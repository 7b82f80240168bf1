using System.Text;
using PreflightCheck.Core;
using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Images;
using PreflightCheck.Core.Plan;

namespace PreflightCheck.Collectors.Registry;

/// <summary>The digest form of an image, and for a manifest list or index, the platforms it holds.</summary>
internal sealed record PinnedImage(string Reference, string Digest, string MediaType, IReadOnlyList<PlatformFacts> Platforms)
{
    /// <summary>What <c>preflight pin</c> prints: the reference, then one line per platform of an index.</summary>
    public string Format()
    {
        var text = new StringBuilder(Reference).Append('\n');
        foreach (var p in Platforms)
        {
            text.Append("  ").Append(p.Os).Append('/').Append(p.Architecture).Append(p.Variant is null ? "" : "/" + p.Variant)
                .Append(' ').Append(p.Digest).Append('\n');
        }

        return text.ToString();
    }
}

/// <summary>Why an image could not be pinned; the message comes from collected facts, so it holds no secret.</summary>
internal sealed class PinException(string message) : Exception(message);

/// <summary>
/// Resolves IMAGE[:TAG] to HOST/REPO@DIGEST through the registry: the manifest is fetched with every Accept type and
/// its bytes hashed, so the digest printed is the one the bytes have (checked against Docker-Content-Digest).
/// </summary>
internal sealed class ImagePinner(CollectorContext context)
{
    public async Task<PinnedImage> PinAsync(string image, CancellationToken ct)
    {
        var parsed = ImageReference.Parse(image);
        if (!parsed.Success)
        {
            throw new InputException($"'{image}' is not a valid image reference: {parsed.Error}");
        }

        var container = new ContainerPlan("image", null, new Located<string>(image, null), null, null, null);
        var plan = new DeploymentPlan("pin", null, [new ModelPlan("pin", null, null, [container], null, false, [])]);
        var facts = await new RegistryCollector().CollectAsync(FactsSnapshot.ForPlan(plan, context.Time.GetUtcNow()), context, ct).ConfigureAwait(false);
        var run = facts.Run;
        var registry = facts.Registries.FirstOrDefault() ?? throw new PinException($"the registry was not reached: {run.Status} {run.Message}");
        var facts1 = registry.Images[0];
        if (registry.Resolution.Status != CollectionStatus.Ok)
        {
            throw new PinException($"registry host {registry.Host} did not resolve: {registry.Resolution.Message}");
        }

        if (registry.Api.Status != CollectionStatus.Ok)
        {
            throw new PinException($"GET /v2/ on {registry.Display} failed: {registry.Api.Message}");
        }

        var manifest = facts1.Manifest;
        if (manifest is null)
        {
            throw new PinException($"the manifest of {image} could not be read: {facts1.Auth.Access} {facts1.Auth.Message ?? facts1.Message}");
        }

        if (manifest.Status != CollectionStatus.Ok || !manifest.DigestMatches || manifest.ComputedDigest is null)
        {
            throw new PinException($"the manifest of {image} could not be pinned: {manifest.Status} {manifest.Message}");
        }

        if (manifest.DigestHeader is not null && manifest.DigestHeader != manifest.ComputedDigest)
        {
            throw new PinException($"the registry reports Docker-Content-Digest {manifest.DigestHeader} but the manifest bytes hash to {manifest.ComputedDigest}");
        }

        return new PinnedImage(parsed.Reference.ToDigestReference(manifest.ComputedDigest), manifest.ComputedDigest, manifest.MediaType ?? "", manifest.Platforms);
    }
}
