using System.Globalization;
using PreflightCheck.Core.Images;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Image;

/// <summary>PFC-IMG-001: the Image parses by the distribution reference grammar and fits CreateModel's 255 characters.</summary>
internal sealed class ReferenceValidRule : ImageRule
{
    public override string Id => "PFC-IMG-001";

    protected override Finding Judge(ImageSubject subject)
    {
        if (subject.Image is null && subject.Container.ModelPackageName is { } package)
        {
            return subject.Finding(
                Outcome.NotApplicable,
                $"{subject.Describe()} has no Image because model package {package.Value} supplies it; CreateModel takes ModelPackageName in its place.",
                Evidence(("modelPackageName", package.Value)));
        }

        if (subject.Image is null)
        {
            return subject.Finding(
                Outcome.Fail,
                $"{subject.Describe()} has no Image; CreateModel needs one. Set Image to the full reference of the inference image, " +
                "e.g. registry.example.com/team/model@sha256:<64 hex digits>.");
        }

        var parsed = ImageReference.Parse(subject.Image);
        if (!parsed.Success)
        {
            var error = parsed.Error;
            return subject.Finding(
                Outcome.Fail,
                $"{subject.DescribeImage()} is not a valid image reference (character {error.Index + 1} of the value): {error.Message}. " +
                "Docker cannot pull it and CreateModel rejects it; write it as host[:port]/path[:tag][@sha256:<64 hex digits>], " +
                "path in lower case, with no spaces or line breaks around it.",
                Evidence(
                    ("image", ImageText.Show(subject.Image)),
                    ("error", error.Message),
                    ("errorIndex", error.Index.ToString(CultureInfo.InvariantCulture))));
        }

        var reference = parsed.Reference;
        var parts = reference.Tag is null ? "" : $", tag {reference.Tag}";
        parts += reference.Digest is null ? "" : $", digest {reference.Digest}";
        return subject.Finding(
            Outcome.Pass,
            $"{subject.DescribeImage()} is a valid image reference: registry {reference.NormalizedDomain}, repository {reference.RepositoryForApi}{parts}.",
            ReferenceEvidence(reference));
    }
}
