using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Image;

/// <summary>PFC-IMG-003: the reference names its registry host the way Docker decides it; otherwise it silently means Docker Hub.</summary>
internal sealed class RegistryHostExplicitRule : ImageRule
{
    public override string Id => "PFC-IMG-003";

    protected override Finding Judge(ImageSubject subject) => JudgeParsed(subject, reference =>
    {
        if (reference.HasExplicitRegistryHost)
        {
            var hub = reference.IsDockerHub ? " (that is Docker Hub; PFC-IMG-004 checks the model's path to the internet)" : "";
            return subject.Finding(
                Outcome.Pass,
                $"{subject.DescribeImage()} names its registry host {reference.Domain} explicitly{hub}.",
                ReferenceEvidence(reference));
        }

        var slash = reference.Original.IndexOf('/', StringComparison.Ordinal);
        var why = slash < 0
            ? "it has no '/', so it has no host part"
            : $"the part before the first '/' ('{reference.Original[..slash]}') has no '.' or ':port', is not 'localhost' and has no upper-case letter, so Docker reads it as a Docker Hub namespace";
        return subject.Finding(
            Outcome.Fail,
            $"{subject.DescribeImage()} names no registry host: {why}. Docker will resolve it to Docker Hub as {reference.NormalizedReference}. " +
            $"If the image lives in your private registry, put the registry's host first, e.g. registry.example.com/{reference.Original} " +
            $"(a host needs a '.' or a ':port'); if Docker Hub is intended, write {reference.NormalizedReference} to say so.",
            ReferenceEvidence(reference, ("resolvesTo", reference.NormalizedReference)));
    });
}
