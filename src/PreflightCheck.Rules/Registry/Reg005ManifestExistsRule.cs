using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Registry;

/// <summary>PFC-REG-005: the manifest exists and its bytes hash to the digest asked for.</summary>
internal sealed class ManifestExistsRule : RegistryRule
{
    public override string Id => "PFC-REG-005";

    protected override Verdict Judge(RuleContext context, ModelPlan model, ContainerPlan container, RegistryFacts registry, RegistryImageFacts image)
    {
        var verdict = JudgeManifest(registry, image);
        var pull = context.Facts.PullTests.FirstOrDefault(p => p.Model == model.Name && p.Container == container.Name);
        return pull is null ? verdict : WithPullTest(verdict, pull);
    }

    /// <summary>
    /// Adds the <c>--pull-test</c> result. Only a daemon that answered with an error turns a pass into a failure;
    /// a daemon that could not be reached says nothing about the image, so it is evidence only.
    /// </summary>
    private static Verdict WithPullTest(Verdict verdict, PullTestFacts pull)
    {
        var evidence = new Dictionary<string, string>(verdict.Evidence ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["pullTest"] = pull.Status switch
            {
                CollectionStatus.Ok => $"succeeded in {pull.DurationMs} ms",
                CollectionStatus.Invalid => pull.Message ?? "failed with no message",
                _ => $"not completed ({pull.Status}){Suffix(pull.Message)}",
            },
        };

        return pull.Status == CollectionStatus.Invalid && verdict.Outcome == Outcome.Pass
            ? new Verdict(Outcome.Fail, $"{verdict.Message} The Docker Engine pull test failed: {pull.Message}", evidence)
            : verdict with { Evidence = evidence };
    }

    private static Verdict JudgeManifest(RegistryFacts registry, RegistryImageFacts image)
    {
        var manifest = image.Manifest;
        if (manifest is null)
        {
            return new Verdict(Outcome.Unknown, $"The manifest of {Ref(image)} was not fetched: {Unreachable(registry) ?? image.Message ?? image.Auth.Message ?? "no access to the repository (see PFC-REG-004)"}.");
        }

        var evidence = new Dictionary<string, string>(StringComparer.Ordinal);
        if (manifest.MediaType is not null)
        {
            evidence["mediaType"] = manifest.MediaType;
        }

        if (manifest.ComputedDigest is not null)
        {
            evidence["computedDigest"] = manifest.ComputedDigest;
        }

        if (manifest.DigestHeader is not null)
        {
            evidence["Docker-Content-Digest"] = manifest.DigestHeader;
        }

        return manifest.Status switch
        {
            CollectionStatus.NotFound => new Verdict(Outcome.Fail, $"Registry {registry.Display} has no manifest {Ref(image)} in {image.Repository}: push the image, or fix the digest in the image reference.", evidence),
            CollectionStatus.Ok when manifest.DigestMatches => new Verdict(Outcome.Pass, $"Manifest {Ref(image)} exists in {image.Repository} and its bytes hash to {manifest.ComputedDigest}.", evidence),
            CollectionStatus.Ok or CollectionStatus.Invalid when manifest.ComputedDigest is not null && image.Digest is not null => new Verdict(Outcome.Fail, $"The manifest {registry.Display} serves for {image.Digest} hashes to {manifest.ComputedDigest}: the registry (or a proxy) altered it. Re-push the image and use the digest the registry reports.", evidence),
            _ => new Verdict(Outcome.Unknown, $"Could not fetch manifest {Ref(image)}: {manifest.Status}{Suffix(manifest.Message)}.", evidence),
        };
    }
}
