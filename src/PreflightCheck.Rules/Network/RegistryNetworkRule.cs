using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network.Reasoning;

namespace PreflightCheck.Rules.Network;

/// <summary>One private address a container's registry resolves to.</summary>
internal sealed record RegistryAddress(ContainerPlan Container, string Host, int Port, RegistryNetworkFacts Facts, IpCidr Address)
{
    public string Display => $"{Host}:{Port} ({Facts.Address})";

    public string Target => $"container {Container.Name} to {Display}";

    public SourceLocation? Location => Container.Image?.Location ?? Container.Location;

    public bool IsIpv4 => Address.Family == System.Net.Sockets.AddressFamily.InterNetwork;
}

/// <summary>
/// The NET rules about the path to a registry: one walk over the containers that pull from a private registry
/// through the VPC and the addresses their registry resolves to.
/// </summary>
internal abstract class RegistryNetworkRule : NetworkRule
{
    protected override string? NotApplicable(ModelPlan model) =>
        base.NotApplicable(model)
        ?? (AwsScope.VpcRegistryContainersOf(model).Any()
            ? null
            : $"No container of model {model.Name} pulls from a private registry with RepositoryAccessMode Vpc.");

    protected sealed override IEnumerable<Finding> Judge(AwsScope scope)
    {
        foreach (var (container, host, port) in scope.VpcRegistryContainers())
        {
            var addresses = scope.RegistryAddresses(host, port);
            var location = container.Image?.Location ?? container.Location;
            if (addresses.Count == 0)
            {
                yield return scope.Finding(Outcome.Unknown, $"container {container.Name} to {host}:{port}",
                    $"The address of registry {host}:{port} is not known to the AWS checks, so its network path cannot be judged: it did not resolve (PFC-REG-001), or give --registry-address when the name resolves only inside the VPC.",
                    Evidence(("registry", $"{host}:{port}")), location);
                continue;
            }

            foreach (var entry in addresses)
            {
                if (!IpCidr.TryParseAddress(entry.Address, out var address))
                {
                    yield return scope.Finding(Outcome.Unknown, $"container {container.Name} to {host}:{port}",
                        $"Registry {host}:{port} has the unreadable address '{entry.Address}'.", Evidence(("registry", $"{host}:{port}")), location);
                    continue;
                }

                foreach (var finding in JudgeAddress(scope, new RegistryAddress(container, host, port, entry, address)))
                {
                    yield return finding;
                }
            }
        }
    }

    protected abstract IEnumerable<Finding> JudgeAddress(AwsScope scope, RegistryAddress registry);

    protected static Dictionary<string, string> RegistryEvidence(RegistryAddress registry, params (string Key, string? Value)[] more)
    {
        var evidence = Evidence(more);
        evidence["registry"] = $"{registry.Host}:{registry.Port}";
        evidence["address"] = registry.Facts.Address;
        return evidence;
    }

    /// <summary>The security groups of the interfaces owning the registry address, or why they are not known.</summary>
    protected static (IReadOnlyList<NetworkInterfaceFacts>? Interfaces, string? Problem) Interfaces(RegistryAddress registry)
    {
        var facts = registry.Facts;
        return facts.Status.Status switch
        {
            CollectionStatus.Ok when facts.Interfaces.Count > 0 => (facts.Interfaces, null),
            CollectionStatus.Ok or CollectionStatus.NotFound =>
                (null, $"no network interface in this account and region owns {facts.Address}, so the registry's security groups cannot be read (a registry in another account, on premises or outside AWS must be checked there)"),
            _ => (null, AwsText.Failed(facts.Status, $"the network interface of {facts.Address}", "ec2:DescribeNetworkInterfaces").TrimEnd('.')),
        };
    }

    /// <summary>Is the address a private (RFC 1918, CGNAT shared, or IPv6 unique local) one?</summary>
    protected static bool IsPrivate(IpCidr address) =>
        new[] { "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7" }.Any(b => IpCidr.Parse(b).Covers(address));
}
