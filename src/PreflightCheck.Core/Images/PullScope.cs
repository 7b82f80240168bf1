using PreflightCheck.Core.Plan;

namespace PreflightCheck.Core.Images;

/// <summary>
/// Which containers the private-registry checks are about. An image in Amazon ECR, or one a model package supplies,
/// is pulled by SageMaker with its own access, so no DNS, TLS, registry or digest requirement of a private registry
/// applies to it; the collectors skip such containers and the rules report them notApplicable with this message.
/// </summary>
internal static class PullScope
{
    /// <summary>Why the container is outside the private-registry checks, or null when it is inside them (or has no usable Image).</summary>
    public static string? OutOfScope(ContainerPlan container)
    {
        if (container.ModelPackageName is { } package)
        {
            return $"Container {container.Name} takes its image from model package {package.Value}, which SageMaker pulls from Amazon ECR itself: the private-registry checks do not apply.";
        }

        if (container.Image is null)
        {
            return null;
        }

        var parsed = ImageReference.Parse(container.Image.Value);
        return parsed.Success && parsed.Reference.IsEcr
            ? $"Container {container.Name} pulls from Amazon ECR ({parsed.Reference.Host}), which SageMaker reaches with its own access: the private-registry checks do not apply."
            : null;
    }
}
