using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Image;

/// <summary>PFC-IMG-005: with both tag and digest the digest decides; the tag only documents and may mislead.</summary>
internal sealed class TagWithDigestRule : ImageRule
{
    public override string Id => "PFC-IMG-005";

    protected override Finding Judge(ImageSubject subject) => JudgeParsed(subject, reference =>
    {
        if (!reference.HasTagAndDigest)
        {
            var form = (reference.Tag, reference.Digest) switch
            {
                (null, null) => "neither a tag nor a digest",
                (null, _) => $"only a digest ({reference.Digest})",
                _ => $"only a tag ({reference.Tag})",
            };
            return subject.Finding(
                Outcome.Pass,
                $"{subject.DescribeImage()} gives {form}, not both, so there is no tag that could disagree with a digest.",
                ReferenceEvidence(reference));
        }

        return subject.Finding(
            Outcome.Fail,
            $"{subject.DescribeImage()} gives both tag '{reference.Tag}' and digest {reference.Digest}: Docker pulls by the digest and ignores the tag, " +
            $"which only documents. Make sure '{reference.Tag}' still names {reference.Digest}, or drop the tag so no one reads it as what runs.",
            ReferenceEvidence(reference));
    });
}
