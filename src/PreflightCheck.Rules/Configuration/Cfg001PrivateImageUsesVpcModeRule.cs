using PreflightCheck.Core.Images;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Configuration;

internal sealed class PrivateImageUsesVpcModeRule : Rule
{
    public override string Id => "PFC-CFG-001";

    public override IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var model in context.Facts.Plan.Models)
        {
            foreach (var container in model.Containers)
            {
                var target = ModelContext.Target(container);
                var mode = container.RepositoryAccessMode;
                var location = mode?.Location ?? container.Image?.Location ?? container.Location;
                if (container.Image is null)
                {
                    yield return new Finding(Outcome.NotApplicable, model.Name, target,
                        container.ModelPackageName is null
                            ? $"Container {container.Name} has no Image (a model package or other source supplies it)."
                            : $"Container {container.Name} has no Image: model package {container.ModelPackageName.Value} supplies it.",
                        Location: container.ModelPackageName?.Location ?? container.Location, Endpoint: model.Endpoint);
                    continue;
                }

                var evidence = Evidence(("image", container.Image.Value), ("repositoryAccessMode", mode?.Value ?? "(not set: Platform)"));
                if (mode is not null && mode.Value is not ("Vpc" or "Platform"))
                {
                    yield return new Finding(Outcome.Fail, model.Name, target,
                        $"RepositoryAccessMode \"{mode.Value}\" of container {container.Name} is neither \"Platform\" nor \"Vpc\" (the values are case-sensitive).",
                        evidence, mode.Location, model.Endpoint);
                    continue;
                }

                var parsed = ImageReference.Parse(container.Image.Value);
                if (!parsed.Success)
                {
                    yield return new Finding(Outcome.Unknown, model.Name, target,
                        $"Cannot tell where the image of container {container.Name} lives: it is not a valid reference; see PFC-IMG-001.",
                        evidence, container.Image.Location, model.Endpoint);
                    continue;
                }

                if (parsed.Reference.IsEcr)
                {
                    yield return new Finding(Outcome.NotApplicable, model.Name, target,
                        $"The image of container {container.Name} is in Amazon ECR ({parsed.Reference.Host}); the Vpc access mode is needed only for other registries.",
                        evidence, location, model.Endpoint);
                    continue;
                }

                var registry = parsed.Reference.Domain ?? "Docker Hub";
                if (ModelContext.UsesVpcMode(container))
                {
                    yield return new Finding(Outcome.Pass, model.Name, target,
                        $"Container {container.Name} pulls from {registry} with RepositoryAccessMode Vpc.", evidence, location, model.Endpoint);
                }
                else
                {
                    yield return new Finding(Outcome.Fail, model.Name, target,
                        $"The image of container {container.Name} is on {registry}, not in ECR, but RepositoryAccessMode is {(mode is null ? "unset (Platform)" : "Platform")}: CreateModel refuses such an image. Set ImageConfig.RepositoryAccessMode to \"Vpc\" and give the model a VpcConfig from which the registry is reachable.",
                        evidence, location, model.Endpoint);
                }
            }
        }
    }
}
