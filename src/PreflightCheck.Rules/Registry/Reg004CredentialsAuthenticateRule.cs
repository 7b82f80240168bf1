using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Registry;

/// <summary>PFC-REG-004: the credentials get pull access to the repository.</summary>
internal sealed class CredentialsAuthenticateRule : RegistryRule
{
    public override string Id => "PFC-REG-004";

    protected override Verdict Judge(RuleContext context, ModelPlan model, ContainerPlan container, RegistryFacts registry, RegistryImageFacts image)
    {
        var auth = image.Auth;
        var evidence = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["credentials"] = image.Credentials.Present ? $"present (source {image.Credentials.Source}, username length {image.Credentials.UsernameLength})" : "absent",
            ["method"] = auth.Method.ToString(),
        };
        if (auth.StatusCode is { } code)
        {
            evidence["status"] = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (auth.TokenRealm is { } realm)
        {
            evidence["tokenRealm"] = realm.Url;
            if (realm.TokenField is not null)
            {
                evidence["tokenField"] = realm.TokenField;
            }
        }

        if (Unreachable(registry) is { } why)
        {
            return new Verdict(Outcome.Unknown, $"Could not test the credentials: {why}.", evidence);
        }

        switch (auth.Access)
        {
            case PullAccess.Granted:
                return new Verdict(Outcome.Pass, auth.Method == AuthScheme.None
                    ? $"Registry {registry.Display} grants pull access to {image.Repository} without credentials."
                    : $"The credentials get pull access to {image.Repository} on {registry.Display} ({auth.Method}).", evidence);
            case PullAccess.Denied:
                return new Verdict(Outcome.Fail, $"The credentials do not get pull access to {image.Repository} on {registry.Display}{Suffix(auth.Message)}. Check the username and password the provider returns and that the user may pull this repository.", evidence);
            case PullAccess.NotAttempted when !image.Credentials.Present:
                return new Verdict(Outcome.Unknown, $"No credentials were available to test against {registry.Display}{Suffix(auth.Message)}: give --registry-username with --registry-password-stdin, or let the tool invoke the credentials provider.", evidence);
            case PullAccess.NotAttempted when image.Credentials.Present && auth.Message is null && (auth.Method == AuthScheme.Basic || auth.TokenRealm?.TokenField is not null):
                // The credentials went out (as Basic, or for a token that was issued: no message says why they were held back);
                // only the manifest answer is missing.
                return new Verdict(Outcome.Unknown,
                    $"The credentials were {(auth.Method == AuthScheme.Basic ? "sent to" : "accepted by the token service of")} {registry.Display}, but the manifest request {ManifestOutcome(image, auth)}, so pull access to {image.Repository} is not known.",
                    evidence);
            default:
                return new Verdict(Outcome.Unknown,
                    $"Could not test the credentials against {registry.Display}: {(auth.Access == PullAccess.Failed ? "the test failed" : "they were not sent")}{Suffix(auth.Message)}.", evidence);
        }
    }

    private static string ManifestOutcome(RegistryImageFacts image, RegistryAuthResult auth) =>
        auth.StatusCode is { } code ? $"answered {code}"
            : image.Manifest is { Status: not CollectionStatus.Ok } manifest ? $"ended {manifest.Status}{Suffix(manifest.Message)}"
            : "got no answer";
}
