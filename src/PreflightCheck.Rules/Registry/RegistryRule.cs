using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Images;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Registry;

/// <summary>What a registry rule decides for one container.</summary>
internal sealed record Verdict(Outcome Outcome, string Message, IReadOnlyDictionary<string, string>? Evidence = null);

/// <summary>
/// Shared walk for the REG rules: one finding per container with an image, from that container's registry facts.
/// A collection that did not run or failed becomes unknown here, naming why, so each rule judges only real facts.
/// </summary>
internal abstract class RegistryRule : Rule
{
    public override FactNeeds Needs => FactNeeds.Registry;

    public sealed override IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var facts = context.Facts;
        var run = facts.Collectors.FirstOrDefault(c => c.Name == CollectorNames.Registry);
        foreach (var model in facts.Plan.Models)
        {
            foreach (var container in model.Containers)
            {
                var target = $"container {container.Name}";
                if (OutOfScope(model, container) is { } outOfScope)
                {
                    yield return outOfScope;
                    continue;
                }

                if (container.Image is null)
                {
                    continue;
                }

                var location = container.Image.Location;
                var found = Find(facts, model.Name, container.Name);
                Verdict verdict;
                string? cause = null;
                if (found is null)
                {
                    cause = run is null
                        ? "the registry collector did not run (it is skipped with --offline or when no REG/TLS rule is selected)"
                        : $"collection ended {run.Status}{(run.Message is null ? "" : ": " + run.Message)}";
                    verdict = new Verdict(Outcome.Unknown, $"The registry was not checked for image '{container.Image.Value}': {cause}.");
                }
                else
                {
                    var (registry, image) = found.Value;
                    verdict = image.Status switch
                    {
                        CollectionStatus.Skipped => new Verdict(Outcome.NotApplicable, image.Message ?? "not a private-registry image"),
                        CollectionStatus.Invalid when image.Manifest is null && registry.Api.Status == CollectionStatus.Skipped =>
                            new Verdict(Outcome.Unknown, $"Image '{image.Image}' could not be checked: {image.Message ?? "the reference is not valid"} (see PFC-IMG-001)."),
                        _ => Judge(context, model, container, registry, image),
                    };

                    // An unreachable registry is one cause for every rule that could not judge because of it.
                    if (verdict.Outcome == Outcome.Unknown && Unreachable(registry) is { } unreachable && verdict.Message.Contains(unreachable, StringComparison.Ordinal))
                    {
                        cause = unreachable;
                    }
                }

                var evidence = new Dictionary<string, string>(StringComparer.Ordinal) { ["image"] = container.Image.Value };
                if (found is not null)
                {
                    evidence["registry"] = found.Value.Registry.Display;
                }

                if (verdict.Evidence is not null)
                {
                    foreach (var (k, v) in verdict.Evidence)
                    {
                        evidence[k] = v;
                    }
                }

                yield return new Finding(verdict.Outcome, model.Name, target, verdict.Message, evidence, location, model.Endpoint, cause);
            }
        }
    }

    protected abstract Verdict Judge(RuleContext context, ModelPlan model, ContainerPlan container, RegistryFacts registry, RegistryImageFacts image);

    /// <summary>
    /// The notApplicable finding of a container that SageMaker pulls itself (ECR, a model package), or null for a
    /// private-registry container.
    /// </summary>
    internal static Finding? OutOfScope(ModelPlan model, ContainerPlan container) =>
        PullScope.OutOfScope(container) is { } reason
            ? new Finding(Outcome.NotApplicable, model.Name, $"container {container.Name}", reason, ScopeEvidence(container),
                container.Image?.Location ?? container.ModelPackageName?.Location ?? container.Location, model.Endpoint)
            : null;

    /// <summary>The image or model package that put a container outside the private-registry checks.</summary>
    private static Dictionary<string, string> ScopeEvidence(ContainerPlan container)
    {
        var evidence = new Dictionary<string, string>(StringComparer.Ordinal);
        if (container.Image is not null)
        {
            evidence["image"] = container.Image.Value;
        }

        if (container.ModelPackageName is not null)
        {
            evidence["modelPackageName"] = container.ModelPackageName.Value;
        }

        return evidence;
    }

    protected static (RegistryFacts Registry, RegistryImageFacts Image)? Find(FactsSnapshot facts, string model, string container)
    {
        foreach (var registry in facts.Registries)
        {
            foreach (var image in registry.Images)
            {
                if (image.Model == model && image.Container == container)
                {
                    return (registry, image);
                }
            }
        }

        return null;
    }

    /// <summary>Why the registry itself could not be talked to, or null when it answered.</summary>
    internal static string? Unreachable(RegistryFacts registry)
    {
        if (registry.Resolution.Status != CollectionStatus.Ok)
        {
            return $"registry host {registry.Host} did not resolve ({registry.Resolution.Status}{Suffix(registry.Resolution.Message)})";
        }

        if (registry.Api.Status != CollectionStatus.Ok)
        {
            return $"GET /v2/ on {registry.Display} ended {registry.Api.Status}{Suffix(registry.Api.Message)}";
        }

        return null;
    }

    /// <summary>Why a rule that reads the manifest has nothing to judge: the registry's own reason when it was not reached (an untrusted certificate names PFC-TLS-002).</summary>
    protected static string ManifestNotFetched(RegistryFacts registry) =>
        Unreachable(registry) is { } why ? $"the manifest was not fetched: {why}" : "the manifest was not fetched (see PFC-REG-005)";

    protected static string Suffix(string? message) => message is null ? "" : ": " + message;

    protected static string Ref(RegistryImageFacts image) => image.Digest ?? (image.Tag is null ? image.Repository : image.Repository + ":" + image.Tag);
}
