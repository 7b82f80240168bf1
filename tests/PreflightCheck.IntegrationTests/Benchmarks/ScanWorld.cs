using System.Globalization;
using PreflightCheck.IntegrationTests.AwsFake;

namespace PreflightCheck.IntegrationTests.Benchmarks;

/// <summary>A registry of the world: where it listens, its login, and the image digests pushed to it.</summary>
internal sealed record WorldRegistry(string Address, int Port, string Password, IReadOnlyList<(string Repository, string Digest)> Images);

/// <summary>
/// An account for <c>scan</c> benchmarks, built in code: <paramref name="vpcs"/> VPCs (127.(100+k).0.0/16), each with two
/// model subnets, a model security group and a Lambda interface endpoint with private DNS; the first
/// <c>registries.Count</c> VPCs hold one registry each and every other VPC reaches its registry by peering.
/// Models and endpoints are spread round-robin, so every resource is shared by many models.
/// </summary>
internal static class ScanWorld
{
    private const string Role = "arn:aws:iam::123456789012:role/service-role/SageMakerExecution";

    public static string VpcId(int k) => Id("vpc", 0x0a00 + k);

    public static Scenario Build(IReadOnlyList<WorldRegistry> registries, int vpcs, int models, int modelsPerEndpoint)
    {
        var s = Scenario.Load("healthy");
        s.PageSize = 100;
        s.Vpcs.Clear();
        s.Subnets.Clear();
        s.SecurityGroups.Clear();
        s.NetworkInterfaces.Clear();
        s.RouteTables.Clear();
        s.NetworkAcls.Clear();
        s.VpcEndpoints.Clear();
        s.NatGateways.Clear();
        s.InternetGateways.Clear();
        s.PeeringConnections.Clear();
        s.Functions.Clear();
        s.Models.Clear();
        s.EndpointConfigs.Clear();
        s.Endpoints.Clear();

        for (var k = 0; k < vpcs; k++)
        {
            AddVpc(s, k, registries.Count);
        }

        for (var r = 0; r < registries.Count; r++)
        {
            s.Functions.Add(new FunctionSpec
            {
                Name = Function(r),
                Role = "arn:aws:iam::123456789012:role/registry-credentials-role",
                Timeout = 10,
                Invoke = new InvokeSpec { Payload = $$$"""{"Credentials":{"Username":"preflight","Password":"{{{registries[r].Password}}}"}}""" },
            });
        }

        for (var i = 0; i < models; i++)
        {
            var k = i % vpcs;
            var registry = registries[k % registries.Count];
            var (repository, digest) = registry.Images[(i / vpcs) % registry.Images.Count];
            s.Models.Add(new ModelSpec
            {
                Name = ModelName(i),
                ExecutionRole = Role,
                Image = $"{registry.Address}:{registry.Port}/{repository}@{digest}",
                CredentialsProviderArn = s.FunctionArn(Function(k % registries.Count)),
                Subnets = [.. ModelSubnets(k)],
                SecurityGroups = [ModelGroup(k)],
            });
        }

        for (var e = 0; e * modelsPerEndpoint < models; e++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"endpoint-{e:D4}");
            s.EndpointConfigs.Add(new EndpointConfigSpec
            {
                Name = name + "-config",
                Variants = [.. Enumerable.Range(e * modelsPerEndpoint, Math.Min(modelsPerEndpoint, models - (e * modelsPerEndpoint)))
                    .Select(i => new VariantSpec { Name = $"Variant{i - (e * modelsPerEndpoint)}", Model = ModelName(i), Count = 2 })],
            });
            s.Endpoints.Add(new EndpointSpec { Name = name, Config = name + "-config" });
        }

        return s;
    }

    public static string ModelName(int i) => string.Create(CultureInfo.InvariantCulture, $"model-{i:D4}");

    private static string[] ModelSubnets(int k) => [Id("subnet", 0x1a00 + k), Id("subnet", 0x1b00 + k)];

    private static string ModelGroup(int k) => Id("sg", 0x2a00 + k);

    private static string Function(int r) => string.Create(CultureInfo.InvariantCulture, $"sagemaker-registry-credentials-{r}");

    private static string Id(string prefix, int n) => string.Create(CultureInfo.InvariantCulture, $"{prefix}-{n:x17}");

    private static string Net(int k) => string.Create(CultureInfo.InvariantCulture, $"127.{100 + k}");

    private static void AddVpc(Scenario s, int k, int registryCount)
    {
        var vpc = VpcId(k);
        var net = Net(k);
        var hasRegistry = k < registryCount;
        var registryVpc = k % registryCount;
        var modelSg = ModelGroup(k);
        var endpointSg = Id("sg", 0x2b00 + k);
        var subnets = ModelSubnets(k);
        s.Vpcs.Add(new VpcSpec { Id = vpc, Cidr = $"{net}.0.0/16", DhcpOptionsId = "dopt-0a1a1a1a1a1a1a1a1" });
        s.Subnets.Add(new SubnetSpec { Id = subnets[0], VpcId = vpc, Cidr = $"{net}.1.0/24", AvailabilityZone = "us-east-1a" });
        s.Subnets.Add(new SubnetSpec { Id = subnets[1], VpcId = vpc, Cidr = $"{net}.2.0/24", AvailabilityZone = "us-east-1b" });
        s.SecurityGroups.Add(new SecurityGroupSpec
        {
            Id = modelSg, Name = "model", VpcId = vpc,
            Egress =
            [
                new SgRuleSpec { Protocol = "tcp", FromPort = 1024, ToPort = 65535, Cidrs = [$"{Net(registryVpc)}.0.7/32"], Description = "registry" },
                new SgRuleSpec { Protocol = "tcp", FromPort = 443, ToPort = 443, Groups = [endpointSg], Description = "lambda endpoint" },
            ],
        });
        s.SecurityGroups.Add(new SecurityGroupSpec
        {
            Id = endpointSg, Name = "lambda-endpoint", VpcId = vpc,
            Ingress = [new SgRuleSpec { Protocol = "tcp", FromPort = 443, ToPort = 443, Groups = [modelSg] }],
            Egress = [new SgRuleSpec { Cidrs = ["0.0.0.0/0"] }],
        });
        var endpointEnis = subnets.Select((subnet, j) => new EniSpec
        {
            Id = Id("eni", 0x3a00 + (k * 2) + j), SubnetId = subnet, PrivateIp = $"{net}.{j + 1}.20", Groups = [endpointSg],
            Description = $"VPC Endpoint Interface {Id("vpce", 0x4a00 + k)}", RequesterId = "727180483921", RequesterManaged = true, InterfaceType = "vpc_endpoint",
        }).ToList();
        s.NetworkInterfaces.AddRange(endpointEnis);
        s.VpcEndpoints.Add(new VpcEndpointSpec
        {
            Id = Id("vpce", 0x4a00 + k), VpcId = vpc, ServiceName = "com.amazonaws.us-east-1.lambda", PrivateDnsEnabled = true,
            Subnets = [.. subnets], Groups = [endpointSg], NetworkInterfaces = [.. endpointEnis.Select(e => e.Id)],
        });

        var routes = new List<RouteSpec> { new() { Destination = $"{net}.0.0/16", Target = "local" } };
        if (hasRegistry)
        {
            var registrySubnet = Id("subnet", 0x1c00 + k);
            var registrySg = Id("sg", 0x2c00 + k);
            subnets = [.. subnets, registrySubnet];
            s.Subnets.Add(new SubnetSpec { Id = registrySubnet, VpcId = vpc, Cidr = $"{net}.0.0/24", AvailabilityZone = "us-east-1a" });
            s.SecurityGroups.Add(new SecurityGroupSpec
            {
                Id = registrySg, Name = "registry", VpcId = vpc,
                Ingress = [new SgRuleSpec { Protocol = "tcp", FromPort = 1024, ToPort = 65535, Cidrs = ["127.0.0.0/8"], Description = "models in this and peered VPCs" }],
                Egress = [new SgRuleSpec { Cidrs = ["0.0.0.0/0"] }],
            });
            s.NetworkInterfaces.Add(new EniSpec
            {
                Id = Id("eni", 0x3c00 + k), SubnetId = registrySubnet, PrivateIp = $"{net}.0.7", Groups = [registrySg],
                Description = "registry instance", InstanceId = Id("i", 0x5c00 + k),
            });
        }
        else
        {
            var peering = Id("pcx", 0x6a00 + k);
            routes.Add(new RouteSpec { Destination = $"{Net(registryVpc)}.0.0/16", Target = peering });
            s.PeeringConnections.Add(new PeeringSpec
            {
                Id = peering, RequesterVpc = vpc, RequesterCidr = $"{net}.0.0/16", AccepterVpc = VpcId(registryVpc), AccepterCidr = $"{Net(registryVpc)}.0.0/16",
            });
            // The registry's VPC routes back (registry VPCs are built first, so their tables exist).
            s.RouteTables.First(t => t.VpcId == VpcId(registryVpc)).Routes.Add(new RouteSpec { Destination = $"{net}.0.0/16", Target = peering });
        }

        s.RouteTables.Add(new RouteTableSpec { Id = Id("rtb", 0x7a00 + k), VpcId = vpc, Main = true, Routes = routes });
        s.NetworkAcls.Add(new NetworkAclSpec
        {
            Id = Id("acl", 0x8a00 + k), VpcId = vpc, IsDefault = true, Subnets = [.. subnets],
            Entries = [new AclEntrySpec { Rule = 100, Cidr = "0.0.0.0/0" }, new AclEntrySpec { Rule = 100, Egress = true, Cidr = "0.0.0.0/0" }],
        });
    }
}
