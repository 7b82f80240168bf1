using PreflightCheck.Core.Images;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Configuration;

/// <summary>PFC-CFG-006: Serverless Inference takes neither a private-registry image nor a VpcConfig.</summary>
internal sealed class ServerlessPrivateRegistryRule : Rule
{
    public override string Id => "PFC-CFG-006";

    public override IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var model in context.Facts.Plan.Models)
        {
            var serverless = model.Variants.Where(v => v.Serverless is not null && (v.ModelName is null || v.ModelName == model.Name)).ToArray();
            if (serverless.Length == 0)
            {
                yield return new Finding(Outcome.NotApplicable, model.Name, ModelContext.Target(model),
                    model.Variants.Count == 0
                        ? $"No production variant is known for model {model.Name}, so whether it is served by Serverless Inference is not known; give the endpoint configuration to check."
                        : $"No production variant of model {model.Name} uses ServerlessConfig.",
                    Location: model.Location, Endpoint: model.Endpoint);
                continue;
            }

            var problems = Problems(model).ToArray();
            foreach (var variant in serverless)
            {
                var target = $"variant {variant.VariantName}";
                var location = variant.Serverless!.Location ?? variant.Location;
                var evidence = Evidence(
                    ("serverlessConfig", "present"),
                    ("vpcConfig", model.VpcConfig is null ? "absent" : "present"),
                    ("privateRegistryContainers", problems.Length == 0 ? null : string.Join(", ", problems.Where(p => p.Container is not null).Select(p => p.Container))));
                if (problems.Length == 0)
                {
                    yield return new Finding(Outcome.Pass, model.Name, target,
                        $"Variant {variant.VariantName} serves model {model.Name} on Serverless Inference, which pulls its image from ECR and has no VpcConfig.",
                        evidence, location, model.Endpoint);
                }
                else
                {
                    yield return new Finding(Outcome.Fail, model.Name, target,
                        $"Variant {variant.VariantName} serves model {model.Name} on Serverless Inference, but {string.Join("; and ", problems.Select(p => p.Why))}. " +
                        "Serverless Inference supports neither private Docker registries nor VPC configuration: serve this model from instances " +
                        "(InstanceType and InitialInstanceCount instead of ServerlessConfig), or push the image to Amazon ECR and drop the VpcConfig.",
                        evidence, location, model.Endpoint);
                }
            }
        }
    }

    private static IEnumerable<(string? Container, string Why)> Problems(ModelPlan model)
    {
        foreach (var container in model.Containers)
        {
            if (container.Image is null || PullScope.OutOfScope(container) is not null)
            {
                if (ModelContext.UsesVpcMode(container))
                {
                    yield return (container.Name, $"container {container.Name} uses RepositoryAccessMode Vpc");
                }

                continue;
            }

            var parsed = ImageReference.Parse(container.Image.Value);
            if (parsed.Success || ModelContext.UsesVpcMode(container))
            {
                var registry = parsed.Success ? parsed.Reference.Domain ?? "Docker Hub" : "a registry outside ECR";
                yield return (container.Name, $"container {container.Name} pulls its image from {registry}, not from Amazon ECR");
            }
        }

        if (model.VpcConfig is not null)
        {
            yield return (null, $"model {model.Name} has a VpcConfig");
        }
    }
}
