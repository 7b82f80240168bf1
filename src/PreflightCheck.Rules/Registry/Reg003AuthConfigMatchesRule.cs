using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Registry;

/// <summary>PFC-REG-003: a registry that demands credentials needs a RepositoryAuthConfig on the container.</summary>
internal sealed class AuthConfigMatchesRule : RegistryRule
{
    public override string Id => "PFC-REG-003";

    protected override Verdict Judge(RuleContext context, ModelPlan model, ContainerPlan container, RegistryFacts registry, RegistryImageFacts image)
    {
        if (Unreachable(registry) is { } why)
        {
            return new Verdict(Outcome.Unknown, $"Could not tell whether the registry demands credentials: {why}.");
        }

        var demands = registry.Api.StatusCode == 401 || image.Anonymous is { Served: false, StatusCode: 401 or 403 };
        var anonymousKnown = registry.Api.StatusCode == 200 && image.Anonymous is { Served: true };
        var hasConfig = container.CredentialsProviderArn is not null;
        var evidence = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["repositoryAuthConfig"] = hasConfig ? "present" : "absent",
            ["challenge"] = registry.Api.Challenge?.RawScheme ?? "none",
        };
        if (demands && !hasConfig)
        {
            return new Verdict(Outcome.Fail, $"Registry {registry.Display} demands credentials but container {container.Name} has no ImageConfig.RepositoryAuthConfig: add RepositoryCredentialsProviderArn naming a Lambda function that returns the registry credentials.", evidence);
        }

        if (demands)
        {
            return new Verdict(Outcome.Pass, $"Registry {registry.Display} demands credentials and container {container.Name} names a credentials provider.", evidence);
        }

        if (hasConfig)
        {
            return new Verdict(Outcome.Pass, $"Registry {registry.Display} serves {Ref(image)} without credentials; the RepositoryAuthConfig is not needed (it does no harm).", evidence);
        }

        return anonymousKnown || registry.Api.StatusCode == 200
            ? new Verdict(Outcome.Pass, $"Registry {registry.Display} does not demand credentials and container {container.Name} has no RepositoryAuthConfig.", evidence)
            : new Verdict(Outcome.Unknown, $"Could not tell whether registry {registry.Display} demands credentials (GET /v2/ answered {registry.Api.StatusCode}).", evidence);
    }
}
