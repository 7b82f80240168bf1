using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Registry;

/// <summary>PFC-REG-008: the registry does not serve this image's manifest to anyone.</summary>
internal sealed class AnonymousPullRule : RegistryRule
{
    public override string Id => "PFC-REG-008";

    protected override Verdict Judge(RuleContext context, ModelPlan model, ContainerPlan container, RegistryFacts registry, RegistryImageFacts image)
    {
        var anonymous = image.Anonymous;
        if (anonymous is null || anonymous.Status != CollectionStatus.Ok)
        {
            return new Verdict(Outcome.Unknown, $"Could not tell whether {registry.Display} serves {Ref(image)} anonymously: {Unreachable(registry) ?? (anonymous is null ? "the anonymous probe was not made" : anonymous.Status + Suffix(anonymous.Message))}.");
        }

        var evidence = new Dictionary<string, string>(StringComparer.Ordinal);
        if (anonymous.StatusCode is { } code)
        {
            evidence["status"] = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return anonymous.Served
            ? new Verdict(Outcome.Fail, $"Registry {registry.Display} serves the manifest of {Ref(image)} with no credentials: anyone who can reach it can pull the model image. Require authentication on the registry (htpasswd or token auth).", evidence)
            : new Verdict(Outcome.Pass, $"Registry {registry.Display} refuses the manifest of {Ref(image)} without credentials (HTTP {anonymous.StatusCode}).", evidence);
    }
}
