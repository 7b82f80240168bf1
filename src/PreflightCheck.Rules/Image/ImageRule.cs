using System.Globalization;
using System.Text;
using PreflightCheck.Core.Images;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Image;

/// <summary>One finding per container of each model, judged on the container's Image alone.</summary>
internal abstract class ImageRule : Rule
{
    public sealed override IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var model in context.Facts.Plan.Models)
        {
            foreach (var container in model.Containers)
            {
                yield return Judge(new ImageSubject(model, container));
            }
        }
    }

    protected abstract Finding Judge(ImageSubject subject);

    /// <summary>For rules that need a parsed reference: no Image is notApplicable, an invalid one unknown (PFC-IMG-001 reports it).</summary>
    protected Finding JudgeParsed(ImageSubject subject, Func<ImageReference, Finding> judge)
    {
        if (subject.Image is null)
        {
            return subject.Finding(
                Outcome.NotApplicable,
                subject.Container.ModelPackageName is null
                    ? $"{subject.Describe()} has no Image, so there is no reference to check; PFC-IMG-001 reports the missing Image."
                    : $"{subject.Describe()} has no Image: model package {subject.Container.ModelPackageName.Value} supplies it.");
        }

        var parsed = ImageReference.Parse(subject.Image);
        if (!parsed.Success)
        {
            return subject.Finding(
                Outcome.Unknown,
                $"Cannot judge {subject.DescribeImage()}: it is not a valid image reference ({parsed.Error.Message}); fix it first, see PFC-IMG-001.",
                Evidence(("image", ImageText.Show(subject.Image)), ("error", parsed.Error.Message)));
        }

        return judge(parsed.Reference);
    }

    protected static Dictionary<string, string> ReferenceEvidence(ImageReference reference, params (string Key, string? Value)[] extra)
    {
        var evidence = Evidence(
            ("image", reference.Original),
            ("host", reference.Domain ?? $"(none: Docker Hub, {reference.NormalizedDomain})"),
            ("repository", reference.RepositoryForApi),
            ("tag", reference.Tag),
            ("digest", reference.Digest));
        foreach (var (key, value) in extra)
        {
            if (value is not null)
            {
                evidence[key] = value;
            }
        }

        return evidence;
    }
}

internal sealed record ImageSubject(ModelPlan Model, ContainerPlan Container)
{
    public string? Image => Container.Image?.Value;

    public string Target => $"container {Container.Name}";

    public string Describe() => $"Container {Container.Name} of model {Model.Name}";

    public string DescribeImage() => $"Image {ImageText.Show(Image ?? "")} of container {Container.Name} in model {Model.Name}";

    public Finding Finding(Outcome outcome, string message, IReadOnlyDictionary<string, string>? evidence = null) =>
        new(outcome, Model.Name, Target, message, evidence, Container.Image?.Location ?? Container.ModelPackageName?.Location ?? Container.Location, Model.Endpoint);
}

internal static class ImageText
{
    /// <summary>Quotes an image for a message, escaping what a terminal or report would hide or mangle, and masking a password.</summary>
    public static string Show(string image)
    {
        image = MaskUserInfo(image);
        var builder = new StringBuilder(image.Length + 2).Append('"');
        foreach (var c in image)
        {
            _ = c switch
            {
                '\n' => builder.Append(@"\n"),
                '\r' => builder.Append(@"\r"),
                '\t' => builder.Append(@"\t"),
                '"' => builder.Append("\\\""),
                '\\' => builder.Append(@"\\"),
                _ when char.IsControl(c) || char.IsSurrogate(c) || c > '\x7e' =>
                    builder.Append(@"\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => builder.Append(c),
            };
        }

        return builder.Append('"').ToString();
    }

    /// <summary>
    /// People sometimes write registry credentials into the image (user:password@host/path). No valid reference
    /// has that shape, so only invalid ones are masked, and only the part after the user's ':'.
    /// </summary>
    internal static string MaskUserInfo(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0)
        {
            return image;
        }

        var scheme = image.IndexOf("://", 0, at, StringComparison.Ordinal);
        var start = scheme >= 0 ? scheme + 3 : 0;
        var userInfo = image.AsSpan(start, at - start);
        var colon = userInfo.IndexOf(':');
        if (colon < 0 || userInfo.Contains('/'))
        {
            return image;
        }

        var rest = image.AsSpan(at + 1);
        var restColon = rest.IndexOf(':');
        var looksLikeHost = rest.Contains('/') || (restColon < 0 ? rest : rest[..restColon]).Contains('.');
        return looksLikeHost ? string.Concat(image.AsSpan(0, start + colon + 1), "***", image.AsSpan(at)) : image;
    }
}
