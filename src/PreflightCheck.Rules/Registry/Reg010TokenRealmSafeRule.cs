using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Registry;

/// <summary>PFC-REG-010: a Bearer realm is HTTPS and not link-local, unspecified or instance metadata; credentials go there only then.</summary>
internal sealed class TokenRealmSafeRule : RegistryRule
{
    public override string Id => "PFC-REG-010";

    protected override Verdict Judge(RuleContext context, ModelPlan model, ContainerPlan container, RegistryFacts registry, RegistryImageFacts image)
    {
        var challenge = registry.Api.Challenge;
        var realm = image.Auth.TokenRealm;
        if (realm is null)
        {
            if (Unreachable(registry) is { } why)
            {
                return new Verdict(Outcome.Unknown, $"Could not read the registry's auth challenge: {why}.");
            }

            return challenge?.Scheme == AuthScheme.Bearer
                ? new Verdict(Outcome.Unknown, $"Registry {registry.Display} uses Bearer tokens but its realm could not be read{Suffix(challenge.Error)}.")
                : new Verdict(Outcome.NotApplicable, $"Registry {registry.Display} does not use the Bearer token flow ({challenge?.RawScheme ?? "no challenge"}).");
        }

        var evidence = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["realm"] = realm.Url,
            ["addresses"] = string.Join(", ", realm.Addresses),
            ["credentialsSent"] = realm.CredentialsSent ? "yes" : "no",
        };
        if (!realm.IsHttps)
        {
            return new Verdict(Outcome.Fail, $"The token realm {realm.Url} of {registry.Display} is not HTTPS: credentials sent there travel in clear text (this tool did not send them). Serve the token endpoint over HTTPS.", evidence);
        }

        if (realm.IsLinkLocalOrMetadata)
        {
            return new Verdict(Outcome.Fail, $"The token realm {realm.Url} of {registry.Display} points at a link-local, unspecified or instance-metadata address ({string.Join(", ", realm.Addresses)}): a registry must not steer credentials there (this tool did not send them). Fix the registry's auth.token.realm.", evidence);
        }

        if (realm.Status != CollectionStatus.Ok)
        {
            return new Verdict(Outcome.Unknown, $"Could not check the token realm {realm.Url} of {registry.Display}: {realm.Status}{Suffix(realm.Message)}.", evidence);
        }

        return new Verdict(Outcome.Pass, $"The token realm {realm.Url} of {registry.Display} is HTTPS at {string.Join(", ", realm.Addresses)}.", evidence);
    }
}
