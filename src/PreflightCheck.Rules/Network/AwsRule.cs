using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Images;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network.Reasoning;

namespace PreflightCheck.Rules.Network;

/// <summary>
/// Base of the rules over AWS facts: a model the rule does not apply to is notApplicable, AWS facts that were not
/// collected (or whose collection failed as a whole) make every finding unknown, naming why.
/// </summary>
internal abstract class AwsRule : Rule
{
    public sealed override IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var facts = context.Facts;
        foreach (var model in facts.Plan.Models)
        {
            var skip = NotApplicable(model);
            if (skip is not null)
            {
                yield return new Finding(Outcome.NotApplicable, model.Name, ModelTarget(model), skip, Location: model.Location, Endpoint: model.Endpoint);
                continue;
            }

            var unavailable = AwsText.Unavailable(facts, Needs);
            if (unavailable is not null)
            {
                yield return new Finding(Outcome.Unknown, model.Name, ModelTarget(model), unavailable, Location: model.Location, Endpoint: model.Endpoint, Cause: unavailable);
                continue;
            }

            foreach (var finding in Judge(new AwsScope(facts, facts.Aws!, model)))
            {
                yield return finding;
            }
        }
    }

    /// <summary>Why the rule does not apply to the model at all, or null.</summary>
    protected virtual string? NotApplicable(ModelPlan model) => null;

    protected virtual string ModelTarget(ModelPlan model) => $"model {model.Name}";

    protected abstract IEnumerable<Finding> Judge(AwsScope scope);
}

/// <summary>A network rule: it needs the model's VpcConfig.</summary>
internal abstract class NetworkRule : AwsRule
{
    public override FactNeeds Needs => FactNeeds.Ec2;

    protected override string? NotApplicable(ModelPlan model) =>
        model.VpcConfig is null ? $"Model {model.Name} has no VpcConfig, so it is not attached to a VPC (PFC-CFG-002 judges whether it needs one)." : null;
}

/// <summary>The facts a rule judges one model on, with the lookups every AWS rule needs.</summary>
internal sealed record AwsScope(FactsSnapshot Facts, AwsFacts Aws, ModelPlan Model)
{
    public string Name => Model.Name;

    public string? Region => Facts.Plan.Region ?? Aws.Region;

    public AwsNetworkFacts Network => Aws.Network;

    public Finding Finding(Outcome outcome, string target, string message, IReadOnlyDictionary<string, string>? evidence = null, SourceLocation? location = null) =>
        new(outcome, Model.Name, target, message, evidence, location ?? Model.Location, Model.Endpoint);

    public IReadOnlyList<Located<string>> SubnetIds => Model.VpcConfig?.Subnets ?? [];

    public IReadOnlyList<Located<string>> GroupIds => Model.VpcConfig?.SecurityGroupIds ?? [];

    public SubnetFacts? Subnet(string id) => Network.Subnets.FirstOrDefault(s => s.Id == id);

    public SecurityGroupFacts? Group(string id) => Network.SecurityGroups.FirstOrDefault(g => g.Id == id);

    public VpcFacts? Vpc(string? id) => id is null ? null : Network.Vpcs.FirstOrDefault(v => v.Id == id);

    /// <summary>The VPC of the model subnets when the subnets that were found agree on one, else null.</summary>
    public string? ModelVpcId
    {
        get
        {
            var vpcs = SubnetIds.Select(s => Subnet(s.Value)).Where(s => s is { Status.IsOk: true, VpcId: not null }).Select(s => s!.VpcId!).Distinct().ToArray();
            return vpcs.Length == 1 ? vpcs[0] : null;
        }
    }

    /// <summary>Every model subnet found, with its facts; null when any could not be read (the reason in <paramref name="problem"/>).</summary>
    public IReadOnlyList<SubnetFacts>? ModelSubnets(out string? problem)
    {
        var list = new List<SubnetFacts>();
        foreach (var id in SubnetIds)
        {
            var subnet = Subnet(id.Value);
            if (subnet is null || !subnet.Status.IsOk)
            {
                problem = AwsText.Failed(subnet?.Status, $"subnet {id.Value}", "ec2:DescribeSubnets");
                return null;
            }

            list.Add(subnet);
        }

        problem = null;
        return list;
    }

    /// <summary>The model's groups as the reasoning library takes them; null when any could not be read.</summary>
    public IReadOnlyList<SecurityGroupModel>? ModelGroups(out string? problem) => Groups(GroupIds.Select(g => g.Value), out problem);

    public IReadOnlyList<SecurityGroupModel>? Groups(IEnumerable<string> ids, out string? problem)
    {
        var list = new List<SecurityGroupModel>();
        foreach (var id in ids.Distinct())
        {
            var group = Group(id);
            if (group is null || !group.Status.IsOk)
            {
                problem = AwsText.Failed(group?.Status, $"security group {id}", "ec2:DescribeSecurityGroups");
                return null;
            }

            list.Add(AwsModels.ToModel(group));
        }

        problem = null;
        return list;
    }

    public Func<string, IReadOnlyList<string>?> PrefixLists => AwsModels.PrefixLists(Network);

    /// <summary>The containers that pull from a private (non-ECR, non-Docker Hub) registry through the VPC, with the registry's host and port.</summary>
    public IEnumerable<(ContainerPlan Container, string Host, int Port)> VpcRegistryContainers() => VpcRegistryContainersOf(Model);

    public static IEnumerable<(ContainerPlan Container, string Host, int Port)> VpcRegistryContainersOf(ModelPlan model)
    {
        foreach (var container in model.Containers)
        {
            if (container.Image is null || !string.Equals(container.RepositoryAccessMode?.Value, "Vpc", StringComparison.Ordinal))
            {
                continue;
            }

            var parsed = ImageReference.Parse(container.Image.Value);
            if (!parsed.Success || parsed.Reference.IsEcr || parsed.Reference.IsDockerHub || parsed.Reference.Host is null)
            {
                continue;
            }

            yield return (container, parsed.Reference.Host.Trim('[', ']'), parsed.Reference.Port ?? 443);
        }
    }

    public IReadOnlyList<RegistryNetworkFacts> RegistryAddresses(string host, int port) =>
        Aws.RegistryAddresses
            .Where(r => r.Port == port && string.Equals(r.Host.Trim('[', ']'), host, StringComparison.OrdinalIgnoreCase))
            .ToArray();

    /// <summary>The subnet CIDR blocks of the address family of <paramref name="address"/>.</summary>
    public static IReadOnlyList<IpCidr> Blocks(SubnetFacts subnet, IpCidr address) =>
        (address.Family == System.Net.Sockets.AddressFamily.InterNetwork ? subnet.CidrBlocks : subnet.Ipv6CidrBlocks ?? [])
            ?.Select(c => IpCidr.TryParse(c, out var b) ? b : (IpCidr?)null).OfType<IpCidr>().ToArray() ?? [];

    public static IReadOnlyList<IpCidr> VpcBlocks(VpcFacts vpc) =>
        (vpc.CidrBlocks ?? []).Concat(vpc.Ipv6CidrBlocks ?? [])
            .Select(c => IpCidr.TryParse(c, out var b) ? b : (IpCidr?)null).OfType<IpCidr>().ToArray();

    /// <summary>The Lambda interface endpoints of the VPC for this region's Lambda service.</summary>
    public IReadOnlyList<VpcEndpointFacts> LambdaEndpoints(string vpcId) =>
        Network.VpcEndpoints.Items
            .Where(e => e.VpcId == vpcId
                && string.Equals(e.EndpointType, "Interface", StringComparison.OrdinalIgnoreCase)
                && string.Equals(e.ServiceName, $"com.amazonaws.{Region}.lambda", StringComparison.Ordinal))
            .ToArray();
}

/// <summary>Maps the collector's records onto the reasoning library's inputs.</summary>
internal static class AwsModels
{
    public static SecurityGroupModel ToModel(SecurityGroupFacts group) =>
        new(group.Id, group.VpcId, (group.Ingress ?? []).Select(ToModel).ToArray(), (group.Egress ?? []).Select(ToModel).ToArray(), group.GroupName);

    public static SgPermission ToModel(SecurityGroupPermission p) =>
        new(p.Protocol, p.FromPort, p.ToPort, [.. p.Ipv4Ranges, .. p.Ipv6Ranges],
            p.Groups.Select(g => new GroupReference(g.GroupId, g.VpcId, string.Equals(g.PeeringStatus, "active", StringComparison.OrdinalIgnoreCase) ? "a VPC peering" : null)).ToArray(),
            p.PrefixListIds);

    public static NaclModel ToModel(NetworkAclFacts acl) =>
        new(acl.Id, acl.Entries.Select(e => new NaclEntry(e.RuleNumber, e.Egress, e.Protocol, e.Allow, e.CidrBlock ?? e.Ipv6CidrBlock, e.FromPort, e.ToPort)).ToArray(), acl.IsDefault);

    public static RouteTableModel ToModel(RouteTableFacts table) =>
        new(table.Id, table.VpcId, table.IsMain, table.AssociatedSubnetIds,
            table.Routes.Select(r => new RouteEntry(
                r.DestinationCidr ?? r.DestinationIpv6Cidr,
                r.DestinationPrefixListId,
                r.TargetId ?? (r.TargetKind == RouteTargetKind.Local ? "local" : r.TargetKind.ToString()),
                !string.Equals(r.State, "blackhole", StringComparison.OrdinalIgnoreCase),
                Kind(r.TargetKind))).ToArray());

    private static RouteTarget Kind(RouteTargetKind kind) => kind switch
    {
        RouteTargetKind.Local => RouteTarget.Local,
        RouteTargetKind.InternetGateway => RouteTarget.InternetGateway,
        RouteTargetKind.EgressOnlyInternetGateway => RouteTarget.EgressOnlyInternetGateway,
        RouteTargetKind.NatGateway => RouteTarget.NatGateway,
        RouteTargetKind.PeeringConnection => RouteTarget.VpcPeering,
        RouteTargetKind.TransitGateway => RouteTarget.TransitGateway,
        RouteTargetKind.VirtualPrivateGateway => RouteTarget.VirtualPrivateGateway,
        RouteTargetKind.Instance => RouteTarget.NatInstance,
        RouteTargetKind.NetworkInterface => RouteTarget.NetworkInterface,
        RouteTargetKind.VpcEndpoint => RouteTarget.GatewayEndpoint,
        _ => RouteTarget.Other,
    };

    public static Func<string, IReadOnlyList<string>?> PrefixLists(AwsNetworkFacts network) =>
        id => network.PrefixLists.FirstOrDefault(p => p.Id == id) is { Status.IsOk: true } list ? list.Cidrs ?? [] : null;

    public static IReadOnlyList<RouteTableModel> RouteTables(AwsNetworkFacts network) => network.RouteTables.Items.Select(ToModel).ToArray();

    /// <summary>The ACL a subnet is associated with (every subnet has exactly one).</summary>
    public static NetworkAclFacts? AclOf(AwsNetworkFacts network, string subnetId) =>
        network.NetworkAcls.Items.FirstOrDefault(a => a.AssociatedSubnetIds.Contains(subnetId));
}

/// <summary>How AWS messages say what could not be collected.</summary>
internal static class AwsText
{
    public static string? Unavailable(FactsSnapshot facts, FactNeeds needs)
    {
        if (facts.Aws is null && facts.Collectors.FirstOrDefault(c => c.Name == "aws" && c.Status != CollectionStatus.Ok) is { } failed)
        {
            return $"AWS could not be queried: {failed.Message}";
        }

        if (facts.Aws is null)
        {
            return "AWS facts were not collected (the AWS collector did not run: --offline, replayed facts without them, or no AWS rule selected), so this cannot be judged.";
        }

        return facts.Aws.Status.IsOk ? null : $"AWS could not be queried: {Describe(facts.Aws.Status)}.";
    }

    public static string Describe(AwsStatus status) =>
        status.Status switch
        {
            CollectionStatus.AccessDenied =>
                $"access denied{(status.Action is null ? "" : $" to {status.Action}")}{(status.Message is null ? "" : $" ({status.Message})")}; grant the checking identity {status.Action ?? "that permission"} or run as one that has it",
            _ when status.HttpStatus >= 500 && status.Message is not null => status.Message,
            _ => $"{status.Status}{(status.Message is null ? "" : $": {status.Message}")}{(status.Action is null || status.Message?.StartsWith(status.Action + ":", StringComparison.Ordinal) == true ? "" : $" (calling {status.Action})")}",
        };

    /// <summary>"Could not read subnet-1: access denied to ec2:DescribeSubnets ...", or "... was not collected".</summary>
    public static string Failed(AwsStatus? status, string what, string action) =>
        status is null
            ? $"Could not read {what}: it was not collected ({action})."
            : $"Could not read {what}: {Describe(status with { Action = status.Action ?? action })}.";

    public static string List(IEnumerable<string> items) => string.Join(", ", items);
}
