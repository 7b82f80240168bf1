using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Registry;

/// <summary>PFC-REG-006: Docker v2 schema 2 passes, OCI warns, schema 1 fails.</summary>
internal sealed class ManifestMediaTypeRule : RegistryRule
{
    public override string Id => "PFC-REG-006";

    protected override Verdict Judge(RuleContext context, ModelPlan model, ContainerPlan container, RegistryFacts registry, RegistryImageFacts image)
    {
        if (image.Manifest is not { Status: CollectionStatus.Ok, MediaType: { } type })
        {
            return new Verdict(Outcome.Unknown, $"The manifest media type of {Ref(image)} is not known: {ManifestNotFetched(registry)}.");
        }

        var evidence = new Dictionary<string, string>(StringComparer.Ordinal) { ["mediaType"] = type };
        return type switch
        {
            RegistryMediaTypes.DockerManifest or RegistryMediaTypes.DockerManifestList =>
                new Verdict(Outcome.Pass, $"{Ref(image)} is a Docker v2 schema 2 {(type == RegistryMediaTypes.DockerManifestList ? "manifest list" : "manifest")}.", evidence),
            RegistryMediaTypes.OciManifest or RegistryMediaTypes.OciIndex =>
                new Verdict(Outcome.Fail, $"{Ref(image)} is an OCI {(type == RegistryMediaTypes.OciIndex ? "index" : "manifest")}; CreateModel has been reported to reject OCI media types. Push it as Docker v2 schema 2 (skopeo copy --format v2s2, or docker buildx with oci-mediatypes=false) and use the new digest.", evidence),
            RegistryMediaTypes.DockerSchema1 or RegistryMediaTypes.DockerSchema1Signed =>
                new Verdict(Outcome.Fail, $"{Ref(image)} is a Docker schema 1 manifest, which current pullers no longer accept: rebuild and push it as Docker v2 schema 2.", evidence),
            _ => new Verdict(Outcome.Fail, $"{Ref(image)} has media type {type}, which is not a Docker v2 schema 2 manifest: push it as Docker v2 schema 2.", evidence),
        };
    }
}
