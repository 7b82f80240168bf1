using PreflightCheck.Core.Images;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Configuration;

internal sealed class EcrImagePlatformModeRule : Rule
{
    public override string Id => "PFC-CFG-005";

    public override IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var model in context.Facts.Plan.Models)
        {
            foreach (var container in model.Containers)
            {
                var target = ModelContext.Target(container);
                var image = container.Image;
                var parsed = image is null ? null : ImageReference.Parse(image.Value);
                if (parsed is null || !parsed.Success || !parsed.Reference.IsEcr)
                {
                    yield return new Finding(Outcome.NotApplicable, model.Name, target,
                        $"The image of container {container.Name} is not a recognisable Amazon ECR image.", Location: image?.Location ?? container.Location, Endpoint: model.Endpoint);
                    continue;
                }

                var evidence = Evidence(("image", image!.Value), ("repositoryAccessMode", container.RepositoryAccessMode?.Value ?? "(not set: Platform)"));
                if (ModelContext.UsesVpcMode(container))
                {
                    yield return new Finding(Outcome.Fail, model.Name, target,
                        $"Container {container.Name} pulls an ECR image ({parsed.Reference.Host}) with RepositoryAccessMode Vpc, which is meant for private registries: SageMaker will pull through the model's VPC, which then needs its own route to ECR (interface endpoints or NAT). Use \"Platform\" (or omit ImageConfig) for ECR images.",
                        evidence, container.RepositoryAccessMode!.Location, model.Endpoint);
                }
                else
                {
                    yield return new Finding(Outcome.Pass, model.Name, target,
                        $"Container {container.Name} pulls an ECR image with the Platform access mode.", evidence, image.Location, model.Endpoint);
                }
            }
        }
    }
}
