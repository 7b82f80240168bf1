using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Registry;

/// <summary>PFC-REG-002: <c>GET /v2/</c> answers 200 or 401.</summary>
internal sealed class RegistryApiV2Rule : RegistryRule
{
    public override string Id => "PFC-REG-002";

    protected override Verdict Judge(RuleContext context, ModelPlan model, ContainerPlan container, RegistryFacts registry, RegistryImageFacts image)
    {
        var api = registry.Api;
        if (registry.Resolution.Status != CollectionStatus.Ok)
        {
            return new Verdict(Outcome.Unknown, $"GET /v2/ was not tried: registry host {registry.Host} did not resolve (see PFC-REG-001).");
        }

        var evidence = new Dictionary<string, string>(StringComparer.Ordinal) { ["url"] = $"{api.Scheme}://{registry.Display}/v2/" };
        if (api.StatusCode is { } code)
        {
            evidence["status"] = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (api.ApiVersion is not null)
        {
            evidence["Docker-Distribution-API-Version"] = api.ApiVersion;
        }

        if (api.ContentType is not null)
        {
            evidence["contentType"] = api.ContentType;
        }

        if (api.Status != CollectionStatus.Ok || api.StatusCode is null)
        {
            return new Verdict(Outcome.Unknown, $"Could not tell whether {registry.Display} is a V2 registry: GET /v2/ ended {api.Status}{Suffix(api.Message)}.", evidence);
        }

        var header = api.ApiVersion is null ? " (no Docker-Distribution-API-Version header)" : $" with Docker-Distribution-API-Version: {api.ApiVersion}";
        if (api.StatusCode is 200 or 401)
        {
            var html = api.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
            if (api.StatusCode == 200 && html && api.ApiVersion is null)
            {
                return new Verdict(Outcome.Fail, $"GET /v2/ on {registry.Display} answers 200 with an HTML page and no Docker-Distribution-API-Version header: this looks like a web server or proxy, not a V2 registry. Point the image at the registry itself.", evidence);
            }

            return new Verdict(Outcome.Pass, $"GET /v2/ on {registry.Display} answers {api.StatusCode}{header}.", evidence);
        }

        return new Verdict(Outcome.Fail, $"GET /v2/ on {registry.Display} answers {api.StatusCode}{header}: not a Docker Registry HTTP API V2 endpoint. Check the host and port in the image reference.", evidence);
    }
}
