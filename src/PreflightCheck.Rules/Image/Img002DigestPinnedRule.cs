using PreflightCheck.Core.Images;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Image;

/// <summary>PFC-IMG-002: the image is pinned by digest, so every instance runs the same bytes.</summary>
internal sealed class DigestPinnedRule : ImageRule
{
    public override string Id => "PFC-IMG-002";

    protected override Finding Judge(ImageSubject subject) => PullScope.OutOfScope(subject.Container) is { } outOfScope
        ? subject.Finding(Outcome.NotApplicable, subject.Container.ModelPackageName is null
            ? outOfScope + " A tag is fine there; pin by digest only if you want every instance to run the same bytes."
            : outOfScope)
        : JudgeParsed(subject, reference =>
    {
        if (reference.Digest is not null)
        {
            return subject.Finding(
                Outcome.Pass,
                $"{subject.DescribeImage()} is pinned to digest {reference.Digest}: every instance pulls exactly this image.",
                ReferenceEvidence(reference));
        }

        var tag = reference.Tag ?? "latest";
        var implied = reference.Tag is null ? " (no tag is given, so Docker uses 'latest')" : "";
        var name = reference.HasExplicitRegistryHost ? $"{reference.Domain}/{reference.Path}" : reference.NormalizedName;
        return subject.Finding(
            Outcome.Fail,
            $"{subject.DescribeImage()} is referenced by tag '{tag}'{implied}, not by digest. A tag can be moved to another image at any time, " +
            "so instances started later (scaling out, replacing an unhealthy instance) may run different code than the one you tested, " +
            $"and a moved or deleted tag makes the deployment fail. Pin it: use {name}@sha256:<digest> " +
            $"(`preflight pin {reference.Original}` prints it).",
            ReferenceEvidence(reference, ("tag", tag)));
    });
}
