using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Registry;

/// <summary>PFC-REG-001: the registry host resolves, or an address was given.</summary>
internal sealed class RegistryResolvesRule : RegistryRule
{
    public override string Id => "PFC-REG-001";

    protected override Verdict Judge(RuleContext context, ModelPlan model, ContainerPlan container, RegistryFacts registry, RegistryImageFacts image)
    {
        var resolution = registry.Resolution;
        var addresses = string.Join(", ", resolution.Addresses.Select(a => $"{a.Address} ({(a.IsPrivate ? "private" : "public")})"));
        var evidence = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["addresses"] = addresses,
            ["source"] = resolution.Source.ToString(),
        };
        return resolution.Status switch
        {
            CollectionStatus.Ok when resolution.Addresses.Count > 0 => new Verdict(
                Outcome.Pass,
                resolution.Source switch
                {
                    AddressSource.Dns => $"Registry host {registry.Host} resolves to {addresses}.",
                    AddressSource.Literal => $"Registry host {registry.Host} is an IP address.",
                    _ => $"Registry host {registry.Host} is dialled at {addresses}, as given by {(resolution.Source == AddressSource.Resolve ? "--resolve" : "--registry-address")}; DNS inside the VPC must give the same answer.",
                },
                evidence),
            CollectionStatus.Ok or CollectionStatus.NotFound => new Verdict(
                Outcome.Fail,
                $"Registry host {registry.Host} does not resolve{Suffix(resolution.Message)}. Make the name resolvable from the model's VPC (a Route 53 private hosted zone, say), or give --registry-address if it only resolves inside the VPC.",
                evidence),
            _ => new Verdict(
                Outcome.Unknown,
                $"Could not tell whether registry host {registry.Host} resolves: the lookup ended {resolution.Status}{Suffix(resolution.Message)}.",
                evidence),
        };
    }
}
