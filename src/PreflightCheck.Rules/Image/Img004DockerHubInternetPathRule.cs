using PreflightCheck.Core.Images;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network;

namespace PreflightCheck.Rules.Image;

/// <summary>PFC-IMG-004: a Docker Hub image pulled through the VPC needs a NAT route from every model subnet.</summary>
internal sealed class DockerHubInternetPathRule : NetworkRule
{
    public override string Id => "PFC-IMG-004";

    protected override string? NotApplicable(ModelPlan model) =>
        model.Containers.Any(IsDockerHubInVpc) ? base.NotApplicable(model) : $"No container of model {model.Name} pulls a Docker Hub image through the VPC.";

    protected override IEnumerable<Finding> Judge(AwsScope scope)
    {
        foreach (var container in scope.Model.Containers.Where(IsDockerHubInVpc))
        {
            var target = $"container {container.Name}";
            var location = container.Image!.Location;
            var evidence = Evidence(("image", container.Image.Value));
            var paths = SubnetInternetPath.For(scope, out var problem);
            if (paths is null)
            {
                yield return scope.Finding(Outcome.Unknown, target, $"Cannot tell whether model {scope.Name} can reach Docker Hub: {problem}.", evidence, location);
                continue;
            }

            evidence["paths"] = string.Join("; ", paths.Select(p => p.Describe()));
            var missing = paths.Where(p => !p.ThroughNat).ToArray();
            var igw = missing.Where(p => p.DefaultRoute?.Kind == Network.Reasoning.RouteTarget.InternetGateway).Select(p => p.SubnetId).ToArray();
            yield return missing.Length == 0
                ? scope.Finding(Outcome.Pass, target, $"Image {container.Image.Value} is on Docker Hub and every subnet of model {scope.Name} reaches the internet through NAT.", evidence, location)
                : scope.Finding(Outcome.Fail, target,
                    $"Image {container.Image.Value} is on Docker Hub, but subnet(s) {AwsText.List(missing.Select(m => m.SubnetId))} of model {scope.Name} have no NAT route to the internet"
                    + (igw.Length > 0 ? $" ({AwsText.List(igw)} route to an internet gateway, which does not serve the model's interfaces: they get no public address)" : "")
                    + ": route 0.0.0.0/0 to a NAT gateway, or better copy the image into your private registry.",
                    evidence, location);
        }
    }

    private static bool IsDockerHubInVpc(ContainerPlan container) =>
        container.Image is not null
        && string.Equals(container.RepositoryAccessMode?.Value, "Vpc", StringComparison.Ordinal)
        && ImageReference.Parse(container.Image.Value) is { Success: true, Reference.IsDockerHub: true };
}
