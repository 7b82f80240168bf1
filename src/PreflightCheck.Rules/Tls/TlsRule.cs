using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Images;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Registry;

namespace PreflightCheck.Rules.Tls;

/// <summary>
/// Shared walk for the TLS rules: one finding per HTTPS endpoint (registry or token realm), attributed to the
/// model and container image that led there. An endpoint whose handshake failed becomes unknown, naming why.
/// </summary>
internal abstract class TlsRule : Rule
{
    public override FactNeeds Needs => FactNeeds.Tls;

    /// <summary>Whether this rule judges an endpoint that did not speak TLS at all (only https-only does).</summary>
    protected virtual bool JudgesPlainEndpoints => false;

    public sealed override IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var facts = context.Facts;
        var run = facts.Collectors.FirstOrDefault(c => c.Name == CollectorNames.Tls);
        foreach (var model in facts.Plan.Models)
        {
            foreach (var container in model.Containers)
            {
                if (RegistryRule.OutOfScope(model, container) is { } outOfScope)
                {
                    yield return outOfScope;
                }
            }
        }

        if (facts.TlsEndpoints.Count == 0)
        {
            foreach (var registry in facts.Registries)
            {
                var (model, location, endpoint) = Owner(facts, registry.Host, registry.Port, TlsEndpointRole.Registry);
                var why = RegistryRule.Unreachable(registry)
                    ?? (run is null ? "the TLS collector did not run" : $"TLS collection ended {run.Status}{(run.Message is null ? "" : ": " + run.Message)}");
                yield return new Finding(Outcome.Unknown, model, $"endpoint https://{registry.Display}", $"https://{registry.Display} was not checked: {why}.", null, location, endpoint, why);
            }

            yield break;
        }

        foreach (var tls in facts.TlsEndpoints)
        {
            var (model, location, endpoint) = Owner(facts, tls.Host, tls.Port, tls.Role);
            var evidence = new Dictionary<string, string>(StringComparer.Ordinal) { ["role"] = tls.Role == TlsEndpointRole.Registry ? "registry" : "token realm" };
            Verdict verdict;
            string? cause = null;
            if (tls.SpeaksTls == false && !JudgesPlainEndpoints)
            {
                verdict = new Verdict(Outcome.NotApplicable, $"{tls.Url} does not speak TLS (see PFC-TLS-001).");
            }
            else if (tls.SpeaksTls is null)
            {
                cause = $"The TLS handshake with {tls.Url} did not complete: {tls.Status}{(tls.Message is null ? "" : ": " + tls.Message)}";
                verdict = new Verdict(Outcome.Unknown, cause + ".");
            }
            else
            {
                verdict = Judge(context, tls);
            }

            if (verdict.Evidence is not null)
            {
                foreach (var (k, v) in verdict.Evidence)
                {
                    evidence[k] = v;
                }
            }

            yield return new Finding(verdict.Outcome, model, $"endpoint {tls.Url}", verdict.Message, evidence, location, endpoint, cause);
        }
    }

    protected abstract Verdict Judge(RuleContext context, TlsEndpointFacts tls);

    private static (string Model, SourceLocation? Location, string? Endpoint) Owner(FactsSnapshot facts, string host, int port, TlsEndpointRole role)
    {
        var images = facts.Registries
            .Where(r => role == TlsEndpointRole.Registry
                ? string.Equals(r.Host, host, StringComparison.OrdinalIgnoreCase) && r.Port == port
                : r.Images.Any(i => i.Auth.TokenRealm is { } t && string.Equals(t.Host, host, StringComparison.OrdinalIgnoreCase) && t.Port == port))
            .SelectMany(r => r.Images)
            .ToArray();
        var models = images.Select(i => i.Model).Distinct().ToArray();
        var modelName = models.Length > 0
            ? string.Join(",", models)
            : string.Join(",", facts.Plan.Models.Select(m => m.Name));
        SourceLocation? location = null;
        string? endpoint = null;
        foreach (var image in images)
        {
            var model = facts.Plan.Models.FirstOrDefault(m => m.Name == image.Model);
            var container = model?.Containers.FirstOrDefault(c => c.Name == image.Container);
            if (container?.Image is not null)
            {
                location = container.Image.Location;
                endpoint = model!.Endpoint;
                break;
            }
        }

        return (modelName, location, endpoint);
    }

    protected static string Describe(TlsCertificateFacts cert) => $"{cert.Subject} (serial {cert.SerialNumber})";
}
